/** What a participant sees of a consultation, group or topic at a moment: derived, never stored. */
export type WindowState = "upcoming" | "open" | "closed" | "archived";

export type Window = { opensAt: Date | null; closesAt: Date | null };

/**
 * The effective window of a topic: each level narrows the one around it (a topic cannot open before its
 * group, nor stay open after its consultation closes).
 */
export function innermostWindow(...windows: Window[]): Window {
  let opensAt: Date | null = null;
  let closesAt: Date | null = null;
  for (const window of windows) {
    if (window.opensAt && (!opensAt || window.opensAt > opensAt)) opensAt = window.opensAt;
    if (window.closesAt && (!closesAt || window.closesAt < closesAt)) closesAt = window.closesAt;
  }
  return { opensAt, closesAt };
}

/** upcoming before it opens, closed from its close time, archived once the consultation is archived; otherwise open. */
export function windowState(window: Window, now: Date, archivedAt: Date | null = null): WindowState {
  if (archivedAt && archivedAt <= now) return "archived";
  if (window.opensAt && now < window.opensAt) return "upcoming";
  if (window.closesAt && now >= window.closesAt) return "closed";
  return "open";
}
