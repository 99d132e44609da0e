/** Where the platform reads the time; tests pass a controllable one instead of sleeping. */
export type Clock = { now(): Date };

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests move by hand. */
export function manualClock(start = new Date("2026-01-15T09:00:00Z")) {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    set: (date: Date) => void (current = date.getTime()),
    advance: (milliseconds: number) => void (current += milliseconds),
  };
}

export const DAY_MS = 86_400_000;
