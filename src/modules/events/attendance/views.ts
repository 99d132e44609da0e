import { moduleStylesheet } from "../../../platform/http/module-stylesheet";
import { html, raw, type HtmlValue, type SafeHtml } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { countryName } from "../../../platform/countries";
import { localeInfo } from "../../../platform/i18n/locales";
import { localize, type LocalizedText } from "../../../platform/i18n/localized";
import { SUPPRESSION_THRESHOLD } from "../../../platform/statistics/small-cells";
import { csrfInput, postForm } from "../../../platform/views/forms";
import { renderPage } from "../../../platform/views/layout";
import { localizedLabel, localizedText, translateMarked } from "../../../platform/views/localized";
import { scrollableTable } from "../../../platform/views/table";
import { actorTypeLabel } from "../../organisations/actor-types";
import { eventPath } from "../queries";
import type { AttendanceCell, AttendanceFigures, AttendanceRegistration, Registrant } from "./queries";

type EventRef = { spaceSlug: string; spaceTitle: LocalizedText; slug: string; title: LocalizedText; startsAt: Date; timeZone: string };

/** A time in the event's own zone, with the zone named (check-in and certificates are about that place). */
export function eventTime(view: ViewContext, value: Date, timeZone: string, isDateOnly = false): string {
  const format = new Intl.DateTimeFormat(localeInfo(view.locale).intl, isDateOnly ? { dateStyle: "long", timeZone } : { dateStyle: "medium", timeStyle: "short", timeZone });
  return isDateOnly ? format.format(value) : `${format.format(value)} (${timeZone})`;
}

const breadcrumbs = (view: ViewContext, event: EventRef, last: string) => [
  { label: localize(event.spaceTitle, view.locale), href: `/spaces/${event.spaceSlug}` },
  { label: view.t("events.title"), href: `/spaces/${event.spaceSlug}/events` },
  { label: localize(event.title, view.locale), href: eventPath(event.spaceSlug, event.slug) },
  { label: last },
];

export type OwnPanelData = {
  registration: AttendanceRegistration;
  joinUrl: string | null;
  isJoinShown: boolean;
  isCheckInShown: boolean;
  qrSvg: string | null;
  certificatePath: string | null;
  timeZone: string;
};

/** The registrant's own section of the event page: personal join link, check-in code and QR, certificate. */
export function ownAttendanceSection(view: ViewContext, data: OwnPanelData): SafeHtml {
  const { t } = view;
  const { registration } = data;
  const join = data.isJoinShown
    ? html`<h3>${t("events.attendance.join.heading")}</h3>
${data.joinUrl
  ? html`<p><a class="button" href="${data.joinUrl}" rel="noreferrer">${t("events.attendance.join.link")}</a></p>
<p class="hint">${t("events.attendance.join.personal")}</p>`
  : html`<p class="hint">${t("events.attendance.join.not_yet")}</p>`}
${registration.attendedOnlineAt ? html`<p>${t("events.attendance.join.recorded", { date: eventTime(view, registration.attendedOnlineAt, data.timeZone) })}</p>` : ""}`
    : "";
  const checkIn = data.isCheckInShown
    ? html`<h3>${t("events.attendance.check_in.heading")}</h3>
<p>${t("events.attendance.check_in.your_code")}: <strong class="check-in-code">${spacedCode(registration.checkInCode)}</strong></p>
${data.qrSvg ? html`<div class="qr" role="img" aria-label="${t("events.attendance.check_in.qr_label", { code: registration.checkInCode })}">${raw(data.qrSvg)}</div>` : ""}
<p class="hint">${t("events.attendance.check_in.show_code")}</p>
${registration.checkedInAt ? html`<p>${t("events.attendance.check_in.done", { date: eventTime(view, registration.checkedInAt, data.timeZone) })}</p>` : ""}`
    : "";
  const certificate = data.certificatePath ? html`<p><a href="${data.certificatePath}">${t("events.attendance.certificate.link")}</a></p>` : "";
  if (!join && !checkIn && !certificate) return html``;
  return html`<section class="event-attendance" aria-labelledby="event-attendance-heading">
<h2 id="event-attendance-heading">${t("events.attendance.panel.heading")}</h2>
${join}${checkIn}${certificate}
</section>`;
}

/** A check-in code in two halves, the way it is read aloud (K7MP-Q2XR). */
export const spacedCode = (code: string): string => `${code.slice(0, 4)}-${code.slice(4)}`;

/** Organisers' tools in the event page's aside: check-in, figures, CSV, rotating the join links. */
export function organiserAttendanceAside(view: ViewContext, data: { basePath: string; isOnline: boolean }): SafeHtml {
  const { t } = view;
  return html`<section class="event-attendance-tools" aria-labelledby="event-attendance-tools-heading">
<h2 id="event-attendance-tools-heading">${t("events.attendance.organiser.heading")}</h2>
<ul>
<li><a href="${data.basePath}/check-in">${t("events.attendance.organiser.check_in")}</a></li>
<li><a href="${data.basePath}/attendance">${t("events.attendance.organiser.figures")}</a></li>
<li><a href="${data.basePath}/registrants.csv" download>${t("events.attendance.organiser.csv")}</a></li>
</ul>
${data.isOnline
  ? postForm(view, `${data.basePath}/join-links/rotate`, html`<p class="hint">${t("events.attendance.organiser.rotate_hint")}</p>
<button type="submit" class="secondary">${t("events.attendance.organiser.rotate")}</button>`)
  : ""}
</section>`;
}

export type CheckInNotice = { kind: "ok" | "error"; message: string };

export type CheckInPageData = { event: EventRef; registrants: Registrant[]; search: string; code: string; codeError: string | null; notice: CheckInNotice | null };

/** /spaces/:slug/events/:event/check-in — the searchable, printable list and the code form for the door. */
export function checkInPage(view: ViewContext, data: CheckInPageData): string {
  const { t } = view;
  const base = `${eventPath(data.event.spaceSlug, data.event.slug)}/check-in`;
  const title = t("events.attendance.list.title", { event: localize(data.event.title, view.locale).text });
  const caption = data.search
    ? t("events.attendance.list.caption_search", { q: data.search, count: data.registrants.length })
    : t("events.attendance.list.caption", { count: data.registrants.length });
  const rows = data.registrants.map((registrant) => {
    const name = registrant.displayName;
    const action = html`<form method="post" action="${base}">${csrfInput(view)}
<input type="hidden" name="registration" value="${registrant.id}">
<input type="hidden" name="q" value="${data.search}">
${registrant.checkedInAt
  ? html`<input type="hidden" name="undo" value="1"><button type="submit" class="secondary" aria-label="${t("events.attendance.list.undo", { name })}">${t("events.attendance.list.undo_button")}</button>`
  : html`<button type="submit" aria-label="${t("events.attendance.list.check_in", { name })}">${t("events.attendance.list.code_button")}</button>`}
</form>`;
    return html`<tr>
<td>${name}<br><span class="muted">${registrant.email}</span></td>
<td>${registrant.organisationName ? localizedLabel(view, registrant.organisationName) : ""}</td>
<td><code>${spacedCode(registrant.checkInCode)}</code></td>
<td>${registrant.checkedInAt ? eventTime(view, registrant.checkedInAt, data.event.timeZone) : t("events.attendance.list.not_yet")}</td>
<td>${registrant.attendedOnlineAt ? eventTime(view, registrant.attendedOnlineAt, data.event.timeZone) : ""}</td>
<td>${action}</td>
</tr>`;
  });
  const codeId = "check-in-code";
  return renderPage(view, {
    title,
    breadcrumbs: breadcrumbs(view, data.event, t("events.attendance.organiser.check_in")),
    body: html`<h1>${translateMarked(view, "events.attendance.list.title", { event: localize(data.event.title, view.locale) })}</h1>
${data.notice ? html`<p class="notice" role="status">${data.notice.message}</p>` : ""}
${postForm(view, base, html`<div class="field${data.codeError ? " has-error" : ""}">
<label for="${codeId}">${t("events.attendance.list.code")}</label>
<p class="hint" id="${codeId}-hint">${t("events.attendance.list.code_hint")}</p>
${data.codeError ? html`<p class="field-error" id="${codeId}-error">${data.codeError}</p>` : ""}
<input id="${codeId}" type="text" name="code" value="${data.code}" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="20"
 aria-describedby="${codeId}-hint${data.codeError ? ` ${codeId}-error` : ""}"${data.codeError ? html` aria-invalid="true"` : ""}>
</div>
<input type="hidden" name="q" value="${data.search}">
<button type="submit">${t("events.attendance.list.code_button")}</button>`)}
<form method="get" action="${base}" role="search">
<div class="field"><label for="check-in-search">${t("events.attendance.list.search")}</label>
<input id="check-in-search" type="search" name="q" value="${data.search}" maxlength="100"></div>
<button type="submit" class="secondary">${t("events.attendance.list.search_button")}</button>
</form>
${data.registrants.length
  ? scrollableTable(caption, html`<table>
<caption>${caption}</caption>
<thead><tr><th scope="col">${t("events.attendance.list.name")}</th><th scope="col">${t("events.attendance.list.organisation")}</th>
<th scope="col">${t("events.attendance.list.code")}</th><th scope="col">${t("events.attendance.list.status")}</th>
<th scope="col">${t("events.attendance.list.online")}</th><th scope="col">${t("events.attendance.list.action")}</th></tr></thead>
<tbody>${rows}</tbody>
</table>`)
  : html`<p>${t("events.attendance.list.empty")}</p>`}
<p class="hint">${t("events.attendance.list.print")}</p>`,
  });
}

function figureTable(view: ViewContext, id: string, caption: string, cells: AttendanceCell[], label: (key: string) => string): HtmlValue {
  const { t } = view;
  const value = (figure: number | null) =>
    figure === null ? html`<span class="muted">${t("events.attendance.figures.suppressed")}</span>` : view.format.number(figure);
  return html`<section aria-labelledby="${id}"><h2 id="${id}">${caption}</h2>
${scrollableTable(caption, html`<table>
<thead><tr><th scope="col">${t("events.attendance.figures.key")}</th><th scope="col">${t("events.attendance.figures.registered")}</th><th scope="col">${t("events.attendance.figures.attended")}</th></tr></thead>
<tbody>${cells.map((cell) => html`<tr><th scope="row">${label(cell.key)}</th><td>${value(cell.contributions)}</td><td>${value(cell.participants)}</td></tr>`)}</tbody>
</table>`)}</section>`;
}

/** /spaces/:slug/events/:event/attendance — attendance by actor type, country and constituency, small cells hidden. */
export function figuresPage(view: ViewContext, data: { event: EventRef; figures: AttendanceFigures | null }): string {
  const { t } = view;
  const title = t("events.attendance.figures.title", { event: localize(data.event.title, view.locale).text });
  const { figures } = data;
  const unknown = (key: string, named: (value: string) => string) => (key ? named(key) : t("events.attendance.figures.unknown"));
  const body = figures
    ? html`<p>${t("events.attendance.figures.totals", figures.totals)}</p>
${figureTable(view, "figures-actor-types", t("events.attendance.figures.actor_types"), figures.actorTypes, (key) => (key ? actorTypeLabel(key, view.locale) : t("events.attendance.figures.individual")))}
${figureTable(view, "figures-countries", t("events.attendance.figures.countries"), figures.countries, (key) => unknown(key, (code) => countryName(code, view.locale)))}
${figureTable(view, "figures-constituencies", t("events.attendance.figures.constituencies"), figures.constituencies, (key) => unknown(key, (value) => value))}
<p class="hint">${t("events.attendance.figures.note", { threshold: SUPPRESSION_THRESHOLD })}</p>`
    : html`<p class="notice" role="status">${t("events.attendance.figures.not_yet")}</p>`;
  return renderPage(view, {
    title,
    breadcrumbs: breadcrumbs(view, data.event, t("events.attendance.organiser.figures")),
    body: html`<h1>${translateMarked(view, "events.attendance.figures.title", { event: localize(data.event.title, view.locale) })}</h1>${body}`,
  });
}

export type CertificateData = { event: EventRef; name: string; mode: "in_person" | "online" | "both"; code: string; verificationUrl: string };

// The certificate on one framed landscape sheet, as the programmes' completion certificate prints.
export const ATTENDANCE_STYLES = moduleStylesheet(
  "events-attendance",
  `.attendance-certificate{border:3px double var(--line);padding:1.5rem;text-align:center;max-width:48rem;margin:1rem auto}
.attendance-certificate code{overflow-wrap:anywhere}
@media print{.attendance-certificate{border-color:#000;margin:0 auto;break-inside:avoid}@page{size:A4 landscape;margin:1.5cm}}`,
);

/** The registrant's printable certificate of attendance. */
export function certificatePage(view: ViewContext, data: CertificateData): string {
  const { t } = view;
  const event = localize(data.event.title, view.locale);
  return renderPage(view, {
    title: `${t("events.attendance.certificate.title")} · ${event.text}`,
    breadcrumbs: breadcrumbs(view, data.event, t("events.attendance.certificate.title")),
    head: ATTENDANCE_STYLES.link(),
    body: html`<article class="attendance-certificate" aria-labelledby="certificate-heading">
<p>${localizedText(view, data.event.spaceTitle)}</p>
<h1 id="certificate-heading">${t("events.attendance.certificate.title")}</h1>
<p>${translateMarked(view, "events.attendance.certificate.statement", { name: data.name, event, date: eventTime(view, data.event.startsAt, data.event.timeZone, true) })}</p>
<p>${t(`events.attendance.certificate.mode_${data.mode}`)}</p>
<p>${t("events.attendance.certificate.verify")} <a href="${data.verificationUrl}">${data.verificationUrl}</a><br>
${t("events.attendance.certificate.code")}: <code>${data.code}</code></p>
</article>
<p class="hint no-print">${t("events.attendance.certificate.print")}</p>`,
  });
}

/** /events/certificates/:code — says whether a certificate of attendance is genuine. */
export function verificationPage(view: ViewContext, data: { event: EventRef; name: string } | null): string {
  const { t } = view;
  const body = data
    ? html`<p class="notice" role="status"><strong>${translateMarked(view, "events.attendance.verify.valid", {
        name: data.name,
        event: localize(data.event.title, view.locale),
        date: eventTime(view, data.event.startsAt, data.event.timeZone, true),
      })}</strong></p>
<p><a href="${eventPath(data.event.spaceSlug, data.event.slug)}">${localizedText(view, data.event.title)}</a></p>`
    : html`<p class="notice" role="status">${t("events.attendance.verify.invalid")}</p>`;
  return renderPage(view, { title: t("events.attendance.verify.title"), body: html`<h1>${t("events.attendance.verify.title")}</h1>${body}` });
}

/** The page a join link shows when it cannot lead to the meeting. */
export function joinProblemPage(view: ViewContext, reason: "invalid" | "not_confirmed" | "cancelled" | "no_link"): string {
  const { t } = view;
  return renderPage(view, {
    title: t("events.attendance.join_page.title"),
    body: html`<h1>${t("events.attendance.join_page.title")}</h1><p class="notice" role="status">${t(`events.attendance.join_page.${reason}`)}</p>`,
  });
}
