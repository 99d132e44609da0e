import { langAttributes } from "../../../../platform/views/localized";
import { html, type SafeHtml } from "../../../../platform/html";
import type { ViewContext } from "../../../../platform/http/context";
import { localize, type LocalizedText } from "../../../../platform/i18n/localized";
import { checkboxField, errorSummary, localizedFields, postForm, selectField, textField, type FormState } from "../../../../platform/views/forms";
import { renderPage, type Breadcrumb } from "../../../../platform/views/layout";
import type { ViewedSpace } from "../../../spaces/queries";
import { eventPath, type EventView } from "../../queries";
import { SESSION_TYPES } from "../../schema";
import type { PersonalAgendaEntry } from "../calendar";
import type { SessionView } from "../queries";
import { dayLabel, timeSpan } from "./format";

type EventContext = { space: ViewedSpace; event: EventView };

function crumbs(view: ViewContext, context: EventContext, last: string): Breadcrumb[] {
  const { space, event } = context;
  return [
    { label: view.t("nav.spaces"), href: "/spaces" },
    { label: localize(space.title, view.locale), href: `/spaces/${space.slug}` },
    { label: view.t("events.title"), href: `/spaces/${space.slug}/events` },
    { label: localize(event.title, view.locale), href: eventPath(space.slug, event.slug) },
    { label: last },
  ];
}

const titleOf = (view: ViewContext, value: LocalizedText): string => localize(value, view.locale).text;

/** How many rows of people the session form shows: every row filled in and two empty rows to add more. */
export const personRows = (form: FormState): number => {
  let count = 0;
  for (const [name, value] of Object.entries(form.values)) {
    const match = /^person\.(\d+)\.(?!role$)/.exec(name);
    if (match && typeof value === "string" && value.trim()) count = Math.max(count, Number(match[1]) + 1);
  }
  return Math.min(count + 2, 20);
};

function personFields(view: ViewContext, form: FormState, index: number): SafeHtml {
  const prefix = `person.${index}`;
  return html`<fieldset class="agenda-person"><legend>${view.t("events.agenda.field.person", { number: index + 1 })}</legend>
  ${selectField(view, form, { name: `${prefix}.role`, label: view.t("events.agenda.field.role"), choices: ["speaker", "moderator"].map((role) => ({ value: role, label: view.t(`events.agenda.role.${role}`) })) })}
  ${textField(view, form, { name: `${prefix}.email`, label: view.t("events.agenda.field.email"), type: "email", hint: view.t("events.agenda.field.email_hint") })}
  ${textField(view, form, { name: `${prefix}.name`, label: view.t("events.agenda.field.name") })}
  ${textField(view, form, { name: `${prefix}.organisation`, label: view.t("events.agenda.field.organisation") })}
  ${localizedFields(view, form, { name: `${prefix}.bio`, label: view.t("events.agenda.field.bio"), isMultiline: true, rows: 2 })}
</fieldset>`;
}

function sessionFieldLabels(view: ViewContext): Record<string, string> {
  return {
    title: view.t("events.agenda.field.title"),
    description: view.t("events.agenda.field.description"),
    type: view.t("events.agenda.field.type"),
    starts_at: view.t("events.agenda.field.starts_at"),
    ends_at: view.t("events.agenda.field.ends_at"),
    track: view.t("events.agenda.field.track"),
    room: view.t("events.agenda.field.room"),
    capacity: view.t("events.agenda.field.capacity"),
  };
}

/** The form to add or edit a session, with its people; times are wall-clock times in the event's zone. */
export function sessionFormPage(view: ViewContext, context: EventContext, form: FormState, session: SessionView | null): string {
  const { space, event } = context;
  const base = eventPath(space.slug, event.slug);
  const heading = session ? view.t("events.agenda.edit_session_title", { title: titleOf(view, session.title) }) : view.t("events.agenda.new_session_title");
  const action = session ? `${base}/sessions/${session.id}/edit` : `${base}/sessions`;
  const body = html`<h1>${heading}</h1>
${errorSummary(view, form, sessionFieldLabels(view))}
${postForm(
  view,
  action,
  html`${localizedFields(view, form, { name: "title", label: view.t("events.agenda.field.title"), isRequired: true })}
  ${localizedFields(view, form, { name: "description", label: view.t("events.agenda.field.description"), hint: view.t("events.agenda.field.description_hint"), isMultiline: true, rows: 4 })}
  ${selectField(view, form, { name: "type", label: view.t("events.agenda.field.type"), choices: SESSION_TYPES.map((type) => ({ value: type, label: view.t(`events.session_type.${type}`) })) })}
  ${textField(view, form, { name: "starts_at", label: view.t("events.agenda.field.starts_at"), type: "datetime-local", isRequired: true, hint: view.t("events.agenda.field.time_hint", { zone: event.timeZone }) })}
  ${textField(view, form, { name: "ends_at", label: view.t("events.agenda.field.ends_at"), type: "datetime-local", isRequired: true })}
  ${textField(view, form, { name: "track", label: view.t("events.agenda.field.track"), hint: view.t("events.agenda.field.track_hint") })}
  ${textField(view, form, { name: "room", label: view.t("events.agenda.field.room") })}
  ${checkboxField(view, form, { name: "has_registration", label: view.t("events.agenda.field.has_registration"), hint: view.t("events.agenda.field.has_registration_hint") })}
  ${textField(view, form, { name: "capacity", label: view.t("events.agenda.field.capacity"), type: "number", hint: view.t("events.agenda.field.capacity_hint") })}
  <h2>${view.t("events.agenda.people_title")}</h2>
  <p class="hint">${view.t("events.agenda.people_hint")}</p>
  ${Array.from({ length: personRows(form) }, (_unused, index) => personFields(view, form, index))}
  <p><button type="submit">${view.t(session ? "events.agenda.save" : "events.agenda.create")}</button> <a href="${base}">${view.t("events.agenda.back")}</a></p>`,
)}
${session
  ? postForm(view, `${base}/sessions/${session.id}/delete`, html`<button type="submit" class="link-button">${view.t("events.agenda.delete_session")}</button>`, { className: "inline-form" })
  : ""}`;
  return renderPage(view, { title: heading, body, breadcrumbs: crumbs(view, context, heading) });
}

/** The organisers' form for a session's after-event material: recording, slides and further links. */
export function materialPage(view: ViewContext, context: EventContext, session: SessionView, form: FormState): string {
  const { space, event } = context;
  const base = eventPath(space.slug, event.slug);
  const heading = view.t("events.agenda.material_title", { title: titleOf(view, session.title) });
  const rows = Math.max(3, session.links.length + 2);
  const body = html`<h1>${heading}</h1>
${errorSummary(view, form, { recording_url: view.t("events.agenda.material.recording"), slides_url: view.t("events.agenda.material.slides") })}
${postForm(
  view,
  `${base}/sessions/${session.id}/material`,
  html`${textField(view, form, { name: "recording_url", label: view.t("events.agenda.material.recording"), type: "url", hint: view.t("events.agenda.material.url_hint") })}
  ${textField(view, form, { name: "slides_url", label: view.t("events.agenda.material.slides"), type: "url" })}
  ${Array.from({ length: Math.min(rows, 10) }, (_unused, index) => html`<fieldset><legend>${view.t("events.agenda.material.link", { number: index + 1 })}</legend>
    ${textField(view, form, { name: `link.${index}.label`, label: view.t("events.agenda.material.link_label") })}
    ${textField(view, form, { name: `link.${index}.url`, label: view.t("events.agenda.material.link_url"), type: "url" })}
  </fieldset>`)}
  <p><button type="submit">${view.t("events.agenda.save")}</button> <a href="${base}#session-${session.id}">${view.t("events.agenda.back")}</a></p>`,
)}`;
  return renderPage(view, { title: heading, body, breadcrumbs: crumbs(view, context, heading) });
}

/** The organisers' closing notes of an event (Markdown, in each language). */
export function closingNotesPage(view: ViewContext, context: EventContext, form: FormState): string {
  const base = eventPath(context.space.slug, context.event.slug);
  const heading = view.t("events.agenda.closing_notes");
  const body = html`<h1>${heading}</h1>
${errorSummary(view, form, { closing_notes: heading })}
${postForm(
  view,
  `${base}/closing-notes`,
  html`${localizedFields(view, form, { name: "closing_notes", label: heading, hint: view.t("events.agenda.closing_notes_hint"), isMultiline: true, rows: 8 })}
  <p><button type="submit">${view.t("events.agenda.save")}</button> <a href="${base}">${view.t("events.agenda.back")}</a></p>`,
)}`;
  return renderPage(view, { title: heading, body, breadcrumbs: crumbs(view, context, heading) });
}

/** The agenda on a page of its own (the event page shows the same section). */
export function agendaPage(view: ViewContext, context: EventContext, section: SafeHtml | null): string {
  const heading = view.t("events.agenda.title");
  const title = localize(context.event.title, view.locale);
  const body = html`<p class="lead"${title.isFallback ? langAttributes(view, title.locale) : ""}>${title.text}</p>
${section ?? html`<h1>${heading}</h1><p class="muted">${view.t("events.agenda.empty")}</p>`}`;
  return renderPage(view, { title: `${heading} · ${title.text}`, body, breadcrumbs: crumbs(view, context, heading) });
}

/**
 * A person's own agenda across events, and their secret calendar feed: its address is shown only right after it
 * is made (only its hash is kept), with a way to make a new one (the old address stops) or stop it.
 */
export function personalAgendaPage(view: ViewContext, data: { entries: PersonalAgendaEntry[]; hasFeed: boolean; feedUrl: string | null }): string {
  const heading = view.t("events.agenda.my_agenda");
  const body = html`<h1>${heading}</h1>
<p class="lead">${view.t("events.agenda.my_agenda_lead")}</p>
${data.entries.length
  ? html`<ul class="cards stack">${data.entries.map(({ event, sessions, isRegistered }) => {
      const title = localize(event.title, view.locale);
      return html`<li class="card"><h2><a href="${eventPath(event.spaceSlug, event.slug)}"${title.isFallback ? langAttributes(view, title.locale) : ""}>${title.text}</a></h2>
        <p class="muted">${dayLabel(event.startsAt, event.timeZone, view.locale)} · ${timeSpan(event.startsAt, event.endsAt, event.timeZone, view.locale)} (${event.timeZone})${isRegistered ? html` · <span class="tag">${view.t("events.agenda.registered")}</span>` : ""}</p>
        ${sessions.length
          ? html`<ul>${sessions.map((session) => {
              const sessionTitle = localize(session.title, view.locale);
              return html`<li><time datetime="${session.startsAt.toISOString()}">${timeSpan(session.startsAt, session.endsAt, event.timeZone, view.locale)}</time> <a href="${eventPath(event.spaceSlug, event.slug)}#session-${session.id}"${sessionTitle.isFallback ? langAttributes(view, sessionTitle.locale) : ""}>${sessionTitle.text}</a>${session.room ? html` · ${session.room}` : ""}</li>`;
            })}</ul>`
          : ""}
      </li>`;
    })}</ul>`
  : html`<p class="muted">${view.t("events.agenda.my_agenda_empty")}</p>`}
<section aria-labelledby="feed-title">
  <h2 id="feed-title">${view.t("events.agenda.feed_title")}</h2>
  <p>${view.t("events.agenda.feed_lead")}</p>
  ${data.feedUrl
    ? html`<div class="notice" role="status"><p>${view.t("events.agenda.feed_shown_once")}</p>
      <label for="feed-url">${view.t("events.agenda.feed_address")}</label>
      <input id="feed-url" type="text" readonly value="${data.feedUrl}"></div>`
    : data.hasFeed
      ? html`<p class="muted">${view.t("events.agenda.feed_exists")}</p>`
      : ""}
  ${postForm(view, "/events/agenda/feed", html`<button type="submit">${view.t(data.hasFeed ? "events.agenda.feed_renew" : "events.agenda.feed_create")}</button>`, { className: "inline-form" })}
  ${data.hasFeed ? postForm(view, "/events/agenda/feed/delete", html`<button type="submit" class="link-button">${view.t("events.agenda.feed_stop")}</button>`, { className: "inline-form" }) : ""}
</section>`;
  return renderPage(view, { title: heading, body, breadcrumbs: [{ label: view.t("events.title"), href: "/events" }, { label: heading }] });
}
