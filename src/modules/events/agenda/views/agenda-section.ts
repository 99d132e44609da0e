import { html, raw, type SafeHtml } from "../../../../platform/html";
import type { ViewContext } from "../../../../platform/http/context";
import { localize } from "../../../../platform/i18n/localized";
import type { SeatStatus } from "../../../../platform/seats/schema";
import { inItsLanguage, langAttributes } from "../../../../platform/views/localized";
import { postForm } from "../../../../platform/views/forms";
import { eventPath, type EventView } from "../../queries";
import type { SessionView, ViewerAgenda } from "../queries";
import { dayKey, dayLabel, timeSpan, zoneName } from "./format";

export type AgendaSectionData = {
  spaceSlug: string;
  event: EventView;
  sessions: SessionView[];
  viewer: ViewerAgenda;
  canManage: boolean;
  /** Whether the viewer holds a confirmed registration for the event (what session registration needs). */
  isRegistered: boolean;
  /** Whether the event is over (material and closing notes are shown prominently then). */
  isEnded: boolean;
};

function peopleList(view: ViewContext, session: SessionView): SafeHtml | "" {
  if (!session.people.length) return "";
  return html`<ul class="agenda-people">${session.people.map((person) => {
    const bio = localize(person.bio, view.locale);
    return html`<li><span class="tag">${view.t(`events.agenda.role.${person.role}`)}</span> <strong>${person.name}</strong>${person.organisation ? html`, ${person.organisation}` : ""}${bio.text ? html`<br><span class="muted">${inItsLanguage(view, bio)}</span>` : ""}</li>`;
  })}</ul>`;
}

function materialList(view: ViewContext, session: SessionView): SafeHtml | "" {
  const links = [
    ...(session.recordingUrl ? [{ label: view.t("events.agenda.material.recording"), url: session.recordingUrl }] : []),
    ...(session.slidesUrl ? [{ label: view.t("events.agenda.material.slides"), url: session.slidesUrl }] : []),
    ...session.links,
  ];
  if (!links.length) return "";
  return html`<p><strong>${view.t("events.agenda.material.title")}:</strong> ${links.map((link, index) => html`${index ? " · " : ""}<a href="${link.url}" rel="noopener nofollow">${link.label}</a>`)}</p>`;
}

function seatLine(view: ViewContext, data: AgendaSectionData, session: SessionView, base: string): SafeHtml | "" {
  if (!session.hasRegistration) return "";
  const status: SeatStatus | undefined = data.viewer.seats.get(session.id);
  const free = session.capacity === null ? null : Math.max(0, session.capacity - session.confirmed);
  const counts = session.capacity === null ? view.t("events.agenda.seats.unlimited") : view.t("events.agenda.seats.free", { free: free ?? 0, capacity: session.capacity });
  const action = `${base}/sessions/${session.id}`;
  let control: SafeHtml | string = "";
  if (status) {
    control = html`<span class="tag">${view.t(`events.agenda.seat.${status}`)}</span>
      ${status === "offered" ? postForm(view, `${action}/accept`, html`<button type="submit" class="button-small">${view.t("events.agenda.seat.accept")}</button>`, { className: "inline-form" }) : ""}
      ${postForm(view, `${action}/cancel`, html`<button type="submit" class="link-button">${view.t(status === "confirmed" ? "events.agenda.seat.give_back" : "events.agenda.seat.leave_waitlist")}</button>`, { className: "inline-form" })}`;
  } else if (!view.user) {
    control = html`<a href="/login?next=${encodeURIComponent(eventPath(data.spaceSlug, data.event.slug))}">${view.t("events.agenda.seat.log_in")}</a>`;
  } else if (!data.isRegistered) {
    control = html`<span class="muted">${view.t("events.agenda.seat.needs_registration")}</span>`;
  } else if (!data.isEnded && data.event.status === "published") {
    control = postForm(view, `${action}/register`, html`<button type="submit" class="button-small">${view.t(free === 0 ? "events.agenda.seat.join_waitlist" : "events.agenda.seat.take")}</button>`, { className: "inline-form" });
  }
  return html`<p>${counts} ${control}</p>`;
}

function sessionCard(view: ViewContext, data: AgendaSectionData, session: SessionView, base: string): SafeHtml {
  const { event } = data;
  const isMarked = data.viewer.marked.has(session.id);
  const title = localize(session.title, view.locale);
  const description = localize(session.descriptionHtml, view.locale);
  const place = [session.track, session.room].filter(Boolean).join(" · ");
  return html`<li class="card agenda-session" id="session-${session.id}">
  <p class="muted"><time datetime="${session.startsAt.toISOString()}">${timeSpan(session.startsAt, session.endsAt, event.timeZone, view.locale)}</time>
    · ${view.t(`events.session_type.${session.type}`)}${place ? html` · ${place}` : ""}</p>
  <h4${title.isFallback ? langAttributes(view, title.locale) : ""}>${title.text}</h4>
  ${description.text ? html`<div${description.isFallback ? langAttributes(view, description.locale) : ""}>${raw(description.text)}</div>` : ""}
  ${peopleList(view, session)}
  ${materialList(view, session)}
  ${seatLine(view, data, session, base)}
  ${view.user
    ? postForm(
        view,
        `${base}/sessions/${session.id}/mark`,
        html`<input type="hidden" name="marked" value="${isMarked ? "0" : "1"}"><button type="submit" class="link-button" aria-pressed="${isMarked ? "true" : "false"}">${view.t(isMarked ? "events.agenda.unmark" : "events.agenda.mark")}</button>${isMarked ? html` <span class="tag">${view.t("events.agenda.marked")}</span>` : ""}`,
        { className: "inline-form" },
      )
    : ""}
  ${data.canManage
    ? html`<p><a href="${base}/sessions/${session.id}/edit">${view.t("events.agenda.edit_session")}</a> · <a href="${base}/sessions/${session.id}/material">${view.t("events.agenda.edit_material")}</a></p>`
    : ""}
</li>`;
}

/** The agenda of an event: its sessions by day in the event's zone, then the organisers' closing notes. */
export function agendaSection(view: ViewContext, data: AgendaSectionData): SafeHtml | null {
  const { event, sessions } = data;
  const base = eventPath(data.spaceSlug, event.slug);
  const notes = localize(event.closingNotesHtml, view.locale);
  if (!sessions.length && !notes.text && !data.canManage) return null;
  const days = new Map<string, SessionView[]>();
  for (const session of sessions) {
    const key = dayKey(session.startsAt, event.timeZone);
    days.set(key, [...(days.get(key) ?? []), session]);
  }
  return html`<section class="agenda" aria-labelledby="agenda-title">
  <h2 id="agenda-title">${view.t("events.agenda.title")}</h2>
  ${sessions.length
    ? html`<p class="muted">${view.t("events.agenda.times_in_zone", { zone: `${event.timeZone} (${zoneName(sessions[0].startsAt, event.timeZone, view.locale)})` })}</p>
      ${[...days.values()].map(
        (daySessions) => html`<h3>${dayLabel(daySessions[0].startsAt, event.timeZone, view.locale)}</h3>
        <ul class="cards stack">${daySessions.map((session) => sessionCard(view, data, session, base))}</ul>`,
      )}`
    : html`<p class="muted">${view.t("events.agenda.empty")}</p>`}
  <p><a href="${base}/event.ics">${view.t("events.agenda.download_ics")}</a>${view.user ? html` · <a href="/events/agenda">${view.t("events.agenda.my_agenda")}</a>` : ""}</p>
  ${notes.text
    ? html`<section aria-labelledby="closing-notes-title"><h3 id="closing-notes-title">${view.t("events.agenda.closing_notes")}</h3>
      <div${notes.isFallback ? langAttributes(view, notes.locale) : ""}>${raw(notes.text)}</div></section>`
    : ""}
  ${data.canManage
    ? html`<p><a class="button-small" href="${base}/sessions/new">${view.t("events.agenda.add_session")}</a> <a href="${base}/closing-notes">${view.t("events.agenda.edit_closing_notes")}</a></p>`
    : ""}
</section>`;
}
