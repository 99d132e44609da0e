import { countryName } from "../../../../platform/countries";
import { html, type HtmlValue, type SafeHtml } from "../../../../platform/html";
import { absoluteUrl, jsonLdScript, openGraphTags } from "../../../../platform/views/meta";
import type { ViewContext } from "../../../../platform/http/context";
import { localize, localizedString, type LocalizedText } from "../../../../platform/i18n/localized";
import { postForm } from "../../../../platform/views/forms";
import { pageHeader } from "../../../../platform/views/components";
import { renderPage } from "../../../../platform/views/layout";
import { localizedLabel, localizedParagraphs, localizedText } from "../../../../platform/views/localized";
import { eventPath, isRegistrationOpen, type EventView } from "../../queries";
import { formatInstant, TIME_ZONES } from "../time";
import { languageList, phaseTag, storedHtml, whenLines, whereText } from "./shared";

export type EventPageData = {
  space: { slug: string; title: LocalizedText };
  event: EventView;
  organisers: { slug: string; name: LocalizedText }[];
  series: { id: string; title: LocalizedText } | null;
  capacity: number | null;
  canManage: boolean;
  now: Date;
  viewerZone: string | null;
  /** What EVENT_PANELS gave, in order. */
  panels: { main?: SafeHtml | null; aside?: SafeHtml | null; action?: SafeHtml | null }[];
  jsonLd: Record<string, unknown> | null;
};

/**
 * schema.org Event of a public event: public fields only — the meeting link is never in an EventView, and an
 * online event's location is its page (a VirtualLocation with the event's own URL), not the meeting.
 */
export function eventJsonLd(event: EventView, organisers: EventPageData["organisers"], pageUrl: string, publicUrl: string, locale: string): Record<string, unknown> {
  const pick = (value: LocalizedText) => localize(value, locale).text;
  const place = event.venueName || event.venueAddress
    ? {
        "@type": "Place",
        name: event.venueName || event.venueAddress,
        address: { "@type": "PostalAddress", streetAddress: event.venueAddress, ...(event.country ? { addressCountry: event.country } : {}) },
        ...(event.mapUrl ? { hasMap: event.mapUrl } : {}),
      }
    : null;
  const virtual = { "@type": "VirtualLocation", url: pageUrl };
  const location = event.kind === "online" ? virtual : event.kind === "hybrid" ? [place, virtual].filter(Boolean) : place;
  return {
    "@context": "https://schema.org",
    "@type": "Event",
    "@id": pageUrl,
    url: pageUrl,
    name: pick(event.title),
    ...(pick(event.summary) ? { description: pick(event.summary) } : {}),
    startDate: event.startsAt.toISOString(),
    endDate: event.endsAt.toISOString(),
    eventStatus: event.status === "cancelled" ? "https://schema.org/EventCancelled" : "https://schema.org/EventScheduled",
    eventAttendanceMode: {
      in_person: "https://schema.org/OfflineEventAttendanceMode",
      online: "https://schema.org/OnlineEventAttendanceMode",
      hybrid: "https://schema.org/MixedEventAttendanceMode",
    }[event.kind],
    ...(location ? { location } : {}),
    ...(event.languages.length ? { inLanguage: event.languages } : {}),
    ...(organisers.length
      ? { organizer: organisers.map((organiser) => ({ "@type": "Organization", name: pick(organiser.name), url: `${publicUrl}/organisations/${encodeURIComponent(organiser.slug)}` })) }
      : {}),
    ...(event.themes.length ? { keywords: event.themes.join(", ") } : {}),
    ...(event.isExternal && event.externalUrl ? { sameAs: event.externalUrl } : {}),
  };
}

function fact(label: string, value: HtmlValue): SafeHtml {
  return html`<dt>${label}</dt><dd>${value}</dd>`;
}

/** The GET form choosing the zone times are also shown in (works without JavaScript; remembered in a cookie). */
function zonePicker(view: ViewContext, viewerZone: string | null): SafeHtml {
  const { t } = view;
  const chosen = viewerZone ?? "";
  return html`<form method="get" class="event-zone-form" action="">
  <label for="event-tz">${t("events.pages.show_in_zone")}</label>
  <select id="event-tz" name="tz">
    <option value="">${t("events.pages.zone_pick")}</option>
    ${TIME_ZONES.map((zone) => html`<option value="${zone}"${zone === chosen ? html` selected` : ""}>${zone}</option>`)}
  </select>
  <button type="submit" class="button-small">${t("events.pages.show")}</button>
</form>`;
}

function organiserTools(view: ViewContext, base: string, event: EventView, now: Date): SafeHtml {
  const { t } = view;
  const status = (to: string, label: string, className = "") =>
    postForm(view, `${base}/status`, html`<input type="hidden" name="status" value="${to}"><button type="submit"${className ? html` class="${className}"` : ""}>${label}</button>`, { className: "inline-form" });
  const registration = (to: string, label: string) =>
    postForm(view, `${base}/registration`, html`<input type="hidden" name="state" value="${to}"><button type="submit" class="secondary">${label}</button>`, { className: "inline-form" });
  return html`<section class="card" aria-labelledby="event-tools-heading"><h2 id="event-tools-heading">${t("events.pages.tools")}</h2>
  <p><a class="button-small" href="${base}/edit">${t("events.pages.edit")}</a></p>
  <div class="stack">
  ${event.status === "draft" ? html`<p>${status("published", t("events.pages.publish"))}</p>` : ""}
  ${event.status === "published" && !event.isExternal
    ? html`<p>${event.registrationState === "open" ? registration("closed", t("events.pages.close_registration")) : registration("open", t("events.pages.open_registration"))}</p>`
    : ""}
  ${event.status === "published" ? html`<p>${status("draft", t("events.pages.unpublish"), "secondary")}</p>` : ""}
  ${event.status !== "cancelled" && event.endsAt > now ? html`<p>${status("cancelled", t("events.pages.cancel"), "danger")}</p><p class="hint">${t("events.pages.cancel_hint")}</p>` : ""}
  </div>
</section>`;
}

/** /spaces/:slug/events/:event — every fact of the event, then the sections the other parts add (EVENT_PANELS). */
export function eventPage(view: ViewContext, data: EventPageData): string {
  const { t } = view;
  const { event, space, now } = data;
  const base = eventPath(space.slug, event.slug);
  const title = localize(event.title, view.locale);
  const where = whereText(view, event);
  const registration = event.isExternal
    ? ""
    : event.status === "published"
      ? t(isRegistrationOpen(event, now) ? "events.registration.open" : "events.registration.closed")
      : "";
  const asides = data.panels.map((panel) => panel.aside).filter(Boolean);
  const actions = data.panels.map((panel) => panel.action).filter(Boolean);
  return renderPage(view, {
    title: title.text,
    head: html`${openGraphTags({ title: title.text, description: localize(event.summary, view.locale).text, url: absoluteUrl(view, base), locale: view.locale, share: { kind: "event", context: localizedString(space.title, view.locale) } })}
${data.jsonLd ? jsonLdScript(data.jsonLd) : ""}
<link rel="alternate" type="application/atom+xml" href="/spaces/${space.slug}/events/feed.atom" title="${t("events.pages.feed_title", { space: localizedString(space.title, view.locale) })}">`,
    breadcrumbs: [
      { label: localize(space.title, view.locale), href: `/spaces/${space.slug}` },
      { label: t("events.title"), href: `/spaces/${space.slug}/events` },
      { label: title },
    ],
    body: html`<article class="event" aria-labelledby="event-title">
${pageHeader({
  title: localizedText(view, event.title),
  titleId: "event-title",
  status: html`${phaseTag(view, event, now)} <span class="tag">${t(`events.kind.${event.kind}`)}</span>
  ${event.visibility !== "public" ? html` <span class="tag">${t(`events.visibility.${event.visibility}`)}</span>` : ""}
  ${event.isExternal ? html` <span class="tag">${t("events.pages.external")}</span>` : ""}`,
  // registering (from the registration panel) is what most readers came for: the page's one primary action
  actions: actions.length ? html`${actions}` : undefined,
})}
${event.status === "cancelled" ? html`<p class="notice" role="status">${t("events.pages.cancelled_notice")}</p>` : ""}
${event.status === "draft" ? html`<p class="notice" role="status">${t("events.pages.draft_notice")}</p>` : ""}
${localize(event.summary, view.locale).text ? html`<div class="lead">${localizedParagraphs(view, event.summary)}</div>` : ""}
<div class="${asides.length || data.canManage ? "two-col" : "event-single"}">
<div class="event-main">
<section aria-labelledby="event-facts-heading"><h2 id="event-facts-heading" class="sr-only">${t("events.pages.facts")}</h2>
<dl class="facts">
  ${fact(t("events.pages.when"), whenLines(view, event, data.viewerZone))}
  ${where ? fact(t("events.pages.where"), html`${where}${event.mapUrl ? html` · <a href="${event.mapUrl}" rel="noopener nofollow">${t("events.pages.map")}</a>` : ""}`) : ""}
  ${event.kind !== "in_person" ? fact(t("events.pages.online_access"), t(event.isExternal ? "events.pages.online_external" : "events.pages.online_access_hint")) : ""}
  ${event.languages.length ? fact(t("events.pages.languages"), languageList(view, event.languages)) : ""}
  ${event.interpretation.length ? fact(t("events.pages.interpretation"), languageList(view, event.interpretation)) : ""}
  ${localize(event.accessibility, view.locale).text ? fact(t("events.pages.accessibility"), localizedText(view, event.accessibility)) : ""}
  ${data.organisers.length
    ? fact(t("events.pages.organisers"), html`${data.organisers.map((organiser, index) => html`${index ? ", " : ""}<a href="/organisations/${organiser.slug}">${localizedLabel(view, organiser.name)}</a>`)}`)
    : ""}
  ${data.series ? fact(t("events.pages.series"), html`<a href="/spaces/${space.slug}/events?series=${data.series.id}">${localizedLabel(view, data.series.title)}</a>`) : ""}
  ${event.themes.length
    ? fact(t("events.pages.themes"), html`<ul class="nav tags">${event.themes.map((theme) => html`<li><a href="/events?theme=${encodeURIComponent(theme)}">${theme}</a></li>`)}</ul>`)
    : ""}
  ${event.country ? fact(t("events.pages.country"), countryName(event.country, view.locale)) : ""}
  ${registration ? fact(t("events.pages.registration"), html`${registration}${event.registrationMode === "approval" ? html` · ${t("events.registration_mode.approval")}` : ""}${data.capacity ? html` · ${t("events.pages.capacity", { count: data.capacity })}` : ""}${event.registrationClosesAt && isRegistrationOpen(event, now) ? html` · ${t("events.pages.closes_at", { when: formatInstant(view.locale, event.registrationClosesAt, event.timeZone) })}` : ""}`) : ""}
</dl>
${zonePicker(view, data.viewerZone)}
${event.isExternal && event.externalUrl ? html`<p><a class="button" href="${event.externalUrl}" rel="noopener nofollow">${t("events.pages.external_link")}</a></p>` : ""}
</section>
${localize(event.descriptionHtml, view.locale).text ? html`<section aria-labelledby="event-about-heading" class="event-description"><h2 id="event-about-heading">${t("events.pages.about")}</h2>${storedHtml(view, event.descriptionHtml)}</section>` : ""}
${data.panels.map((panel) => panel.main ?? "")}
</div>
${asides.length || data.canManage
  ? html`<aside class="event-aside stack" aria-label="${t("events.pages.aside")}">
${data.canManage ? organiserTools(view, base, event, now) : ""}
${asides}
</aside>`
  : ""}
</div>
</article>`,
  });
}
