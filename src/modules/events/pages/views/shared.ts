import { countryName } from "../../../../platform/countries";
import { html, raw, type SafeHtml } from "../../../../platform/html";
import type { ViewContext } from "../../../../platform/http/context";
import { localize, type LocalizedText } from "../../../../platform/i18n/localized";
import { languageName } from "../../../../platform/views/localized";
import { eventPhase, type EventView } from "../../queries";
import { formatTimeRange, utcOffsetLabel } from "../time";

/** The state tag of an event: draft, cancelled, or (published) upcoming, happening now, ended. */
export function phaseTag(view: ViewContext, event: EventView, now: Date): SafeHtml {
  const phase = eventPhase(event, now);
  const key = phase === "draft" || phase === "cancelled" ? `events.status.${phase}` : `events.phase.${phase}`;
  return html`<span class="tag event-phase event-phase-${phase}">${view.t(key)}</span>`;
}

/** When it happens in a zone: a `<time>` range with the zone's name and its offset on that day. */
export function whenIn(view: ViewContext, event: Pick<EventView, "startsAt" | "endsAt">, zone: string): SafeHtml {
  return html`<time datetime="${event.startsAt.toISOString()}">${formatTimeRange(view.locale, event.startsAt, event.endsAt, zone)}</time>
    <span class="muted">(${zone}, ${utcOffsetLabel(event.startsAt, zone)})</span>`;
}

/** The event's time in its own zone and, when the viewer chose another one, in theirs. */
export function whenLines(view: ViewContext, event: EventView, viewerZone: string | null): SafeHtml {
  const isOtherZone = viewerZone && viewerZone !== event.timeZone && utcOffsetLabel(event.startsAt, viewerZone) !== utcOffsetLabel(event.startsAt, event.timeZone);
  return html`${whenIn(view, event, event.timeZone)}${isOtherZone
    ? html`<br><span class="event-viewer-time">${view.t("events.pages.your_time")}: ${whenIn(view, event, viewerZone)}</span>`
    : ""}`;
}

/** Language codes as names in the page's language. */
export const languageList = (view: ViewContext, codes: string[]): string => codes.map((code) => languageName(code, view.locale)).join(", ");

/** Where: venue, address and country; "online" for an online event (never the meeting link itself). */
export function whereText(view: ViewContext, event: EventView): string {
  const place = [event.venueName, event.venueAddress, event.country ? countryName(event.country, view.locale) : ""].filter(Boolean).join(", ");
  if (event.kind === "online") return view.t("events.pages.online");
  if (event.kind === "hybrid") return place ? `${place} · ${view.t("events.pages.online")}` : view.t("events.pages.online");
  return place;
}

/** Stored Markdown rendered at write time, in the page's language or marked with its own. */
export function storedHtml(view: ViewContext, value: LocalizedText): SafeHtml {
  const shown = localize(value, view.locale);
  if (!shown.text) return html``;
  // Rendered (and sanitised) by renderMarkdown when the event was saved: trusted markup.
  const markup = raw(shown.text);
  return shown.isFallback ? html`<div lang="${shown.locale}">${markup}</div>` : markup;
}
