import { html, type HtmlValue, type SafeHtml } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { localize, localizedString, type LocalizedText } from "../../../platform/i18n/localized";
import type { SeatCounts } from "../../../platform/seats/seats";
import { checkboxField, errorSummary, fieldId, localizedFields, postForm, selectField, textArea, type FormState } from "../../../platform/views/forms";
import { renderPage, type Breadcrumb } from "../../../platform/views/layout";
import { localizedText } from "../../../platform/views/localized";
import { scrollableTable } from "../../../platform/views/table";
import { eventPath, type EventView } from "../queries";
import { QUESTION_KINDS } from "../schema";
import { eventTimeText, momentText } from "./mail";
import type { InvitationRow, MyEventRow, QuestionView, RegistrantRow, RegistrationView } from "./queries";

// Pages of the registration part: the register form, the organisers' registrations list, questions editor and
// invitations, and "my events"; plus the registration section of the event page (panel.ts lays it out).

type Subject = { spaceSlug: string; spaceTitle: LocalizedText; event: EventView };

function crumbs(view: ViewContext, subject: Subject, current: string): Breadcrumb[] {
  return [
    { label: localize(subject.spaceTitle, view.locale), href: `/spaces/${subject.spaceSlug}` },
    { label: view.t("events.title"), href: `/spaces/${subject.spaceSlug}/events` },
    { label: localize(subject.event.title, view.locale), href: eventPath(subject.spaceSlug, subject.event.slug) },
    { label: current },
  ];
}

/** A moment on a page: in the reader's language and the event's zone, machine-readable in <time>. */
const momentHtml = (view: ViewContext, moment: Date, timeZone: string): SafeHtml =>
  html`<time datetime="${moment.toISOString()}">${momentText(moment, timeZone, view.locale)}</time>`;

/** The viewer's registration: what it is, and what they can do with it now. */
export function registrationStatusBox(view: ViewContext, input: { path: string; event: EventView; registration: RegistrationView & { position: number | null }; isOpen: boolean }): SafeHtml {
  const { registration, path } = input;
  const expires = registration.offerExpiresAt ? momentText(registration.offerExpiresAt, input.event.timeZone, view.locale) : "";
  const status = view.t(`events.registration.status.${registration.status}`, { position: registration.position ?? "", expires });
  const action = (to: string, label: string, className = "button") => postForm(view, `${path}/registration/${to}`, html`<button type="submit" class="${className}">${label}</button> `, { className: "inline-form" });
  const actions: HtmlValue[] = [];
  if (registration.status === "offered") actions.push(action("accept", view.t("events.registration.accept_offer")), action("decline", view.t("events.registration.decline_offer"), "button secondary"));
  if (registration.status === "confirmed" || registration.status === "pending") actions.push(action("cancel", view.t("events.registration.cancel"), "button secondary"));
  if (registration.status === "waitlisted") actions.push(action("cancel", view.t("events.registration.leave_waitlist"), "button secondary"));
  const isLive = ["pending", "confirmed", "waitlisted", "offered"].includes(registration.status);
  if (!isLive && input.isOpen) actions.push(html`<a class="button" href="${path}/register">${view.t("events.registration.register_again")}</a>`);
  return html`<div class="card registration-box" id="my-registration">
<p class="registration-status" role="status">${status}</p>
${actions}
</div>`;
}

/** Seats left (when the event has a capacity) and, in approval mode, that organisers approve. */
export function capacityNote(view: ViewContext, event: EventView, counts: SeatCounts | null): SafeHtml {
  return html`${counts && counts.capacity !== null ? html`<p>${view.t("events.registration.seats_left", { free: counts.free ?? 0 })}</p>` : ""}
${event.registrationMode === "approval" ? html`<p>${view.t("events.registration.approval_note")}</p>` : ""}`;
}

/** The organisers' links: registrations, questions, invitations (the last only for invitation-only events). */
export function organiserLinks(view: ViewContext, path: string, event: EventView, counts: SeatCounts | null): SafeHtml {
  return html`<nav aria-label="${view.t("events.registration.manage.links")}" class="registration-manage">
<h3>${view.t("events.registration.manage.links")}</h3>
${counts && counts.capacity !== null ? html`<p>${view.t("events.registration.capacity", { confirmed: counts.confirmed, capacity: counts.capacity })} · ${view.t("events.registration.waitlist_count", { count: counts.waitlisted })}</p>` : ""}
<ul>
<li><a href="${path}/registrations">${view.t("events.registration.manage.registrations")}</a></li>
<li><a href="${path}/questions">${view.t("events.registration.manage.questions")}</a></li>
${event.visibility === "invitation" ? html`<li><a href="${path}/invitations">${view.t("events.registration.manage.invitations")}</a></li>` : ""}
</ul>
</nav>`;
}

function questionField(view: ViewContext, form: FormState, question: QuestionView): SafeHtml {
  const name = `answer.${question.id}`;
  const label = localizedString(question.label, view.locale);
  if (question.kind === "text") return textArea(view, form, { name, label, isRequired: question.isRequired, rows: 3 });
  const id = fieldId(name);
  const error = form.errors[name];
  const current = form.values[name];
  const chosen = new Set(Array.isArray(current) ? current.map(String) : current ? [String(current)] : []);
  const type = question.kind === "single" ? "radio" : "checkbox";
  return html`<fieldset class="field${error ? " has-error" : ""}" id="${id}"${error ? html` aria-describedby="${id}-error"` : ""}>
<legend>${label}${question.isRequired ? html` <span class="required" aria-hidden="true">*</span>` : ""}</legend>
${error ? html`<p class="field-error" id="${id}-error">${view.t(error.key, error.values)}</p>` : ""}
${question.options.map(
  (option, index) => html`<div class="checkbox"><input type="${type}" id="${id}-${index}" name="${name}" value="${option.key}"${chosen.has(option.key) ? html` checked` : ""}${question.isRequired && type === "radio" ? html` required` : ""}>
<label for="${id}-${index}">${localizedString(option.label, view.locale)}</label></div>`,
)}
</fieldset>`;
}

/** The registration form: the organiser's questions and, when allowed, on behalf of which organisation. */
export function registerPage(
  view: ViewContext,
  subject: Subject,
  input: { questions: QuestionView[]; organisations: { id: string; name: LocalizedText }[]; counts: SeatCounts | null; form: FormState },
): string {
  const title = view.t("events.registration.register_title", { title: localizedString(subject.event.title, view.locale) });
  const path = eventPath(subject.spaceSlug, subject.event.slug);
  const labels: Record<string, string> = { organisation_id: view.t("events.registration.field.organisation") };
  for (const question of input.questions) labels[`answer.${question.id}`] = localizedString(question.label, view.locale);
  const isApproval = subject.event.registrationMode === "approval";
  return renderPage(view, {
    title,
    breadcrumbs: crumbs(view, subject, view.t("events.registration.register")),
    body: html`<h1>${view.t("events.registration.register")}</h1>
<p class="lead">${localizedText(view, subject.event.title)}</p>
<p>${eventTimeText(subject.event, view.locale)}</p>
${capacityNote(view, subject.event, input.counts)}
${errorSummary(view, input.form, labels)}
${postForm(
  view,
  `${path}/register`,
  html`${subject.event.allowsOrganisation && input.organisations.length
    ? selectField(view, input.form, {
        name: "organisation_id",
        label: labels.organisation_id,
        hint: view.t("events.registration.field.organisation_hint"),
        placeholder: view.t("events.registration.field.organisation_self"),
        choices: input.organisations.map((organisation) => ({ value: organisation.id, label: localizedString(organisation.name, view.locale) })),
      })
    : ""}
  ${input.questions.length ? html`<h2>${view.t("events.registration.questions")}</h2>${input.questions.map((question) => questionField(view, input.form, question))}` : ""}
  <button type="submit" class="button">${view.t(isApproval ? "events.registration.request_action" : "events.registration.register_action")}</button>`,
)}`,
  });
}

function answerText(view: ViewContext, questions: QuestionView[], answers: RegistrantRow["answers"]): SafeHtml {
  const items = questions
    .filter((question) => answers[question.id] !== undefined)
    .map((question) => {
      const value = answers[question.id];
      const keys = Array.isArray(value) ? value : [value];
      const text = question.kind === "text" ? String(value) : keys.map((key) => localizedString(question.options.find((option) => option.key === key)?.label, view.locale) || key).join(", ");
      return html`<li><span class="sr-only">${localizedString(question.label, view.locale)}: </span>${text}</li>`;
    });
  return items.length ? html`<ul>${items}</ul>` : html``;
}

/** The organisers' list: everyone who registered, their answers and status; approve or decline requests. */
export function registrantsPage(
  view: ViewContext,
  subject: Subject,
  input: { rows: RegistrantRow[]; questions: QuestionView[]; counts: SeatCounts | null; filter: string },
): string {
  const title = view.t("events.registration.list.title", { title: localizedString(subject.event.title, view.locale) });
  const path = eventPath(subject.spaceSlug, subject.event.slug);
  const rows = input.filter ? input.rows.filter((row) => row.status === input.filter) : input.rows;
  const decide = (row: RegistrantRow, decision: "approve" | "decline", label: string) =>
    postForm(view, `${path}/registrations/${row.id}/${decision}`, html`<button type="submit" class="button-small${decision === "decline" ? " secondary" : ""}">${label}<span class="sr-only"> ${view.t("events.registration.list.for_name", { name: row.displayName })}</span></button> `, { className: "inline-form" });
  const statuses = ["pending", "confirmed", "offered", "waitlisted", "cancelled", "declined", "expired"];
  return renderPage(view, {
    title,
    breadcrumbs: crumbs(view, subject, view.t("events.registration.manage.registrations")),
    body: html`<h1>${view.t("events.registration.manage.registrations")}</h1>
<p class="lead">${localizedText(view, subject.event.title)}</p>
${input.counts && input.counts.capacity !== null ? html`<p>${view.t("events.registration.capacity", { confirmed: input.counts.confirmed, capacity: input.counts.capacity })} · ${view.t("events.registration.waitlist_count", { count: input.counts.waitlisted })}</p>` : ""}
<form method="get" action="${path}/registrations" class="inline-form">
<label for="registration-filter">${view.t("events.registration.list.filter")}</label>
<select id="registration-filter" name="status"><option value="">${view.t("events.registration.list.filter_all")}</option>
${statuses.map((status) => html`<option value="${status}"${status === input.filter ? html` selected` : ""}>${view.t(`events.registration.label.${status}`)}</option>`)}</select>
<button type="submit" class="button secondary">${view.t("events.registration.list.filter_apply")}</button>
</form>
${rows.length
  ? scrollableTable(
      view.t("events.registration.manage.registrations"),
      html`<table class="registration-list"><thead><tr>
<th scope="col">${view.t("events.registration.list.person")}</th><th scope="col">${view.t("events.registration.list.organisation")}</th>
<th scope="col">${view.t("events.registration.list.status")}</th><th scope="col">${view.t("events.registration.list.answers")}</th>
<th scope="col">${view.t("events.registration.list.registered_at")}</th><th scope="col">${view.t("events.registration.list.actions")}</th></tr></thead>
<tbody>${rows.map(
        (row) => html`<tr><td>${row.displayName}<br><span class="muted">${row.email}</span></td>
<td>${row.organisationName ? localizedText(view, row.organisationName) : "—"}</td>
<td>${view.t(`events.registration.label.${row.status}`)}</td>
<td>${answerText(view, input.questions, row.answers)}</td>
<td>${momentHtml(view, row.createdAt, subject.event.timeZone)}</td>
<td>${row.status === "pending" ? html`${decide(row, "approve", view.t("events.registration.list.approve"))}${decide(row, "decline", view.t("events.registration.list.decline"))}` : ["confirmed", "waitlisted", "offered"].includes(row.status) ? decide(row, "decline", view.t("events.registration.list.remove")) : ""}</td></tr>`,
      )}</tbody></table>`,
    )
  : html`<p>${view.t("events.registration.list.empty")}</p>`}`,
  });
}

/** The questions editor: the questions in form order, each removable, and a form to add one. */
export function questionsPage(view: ViewContext, subject: Subject, input: { questions: QuestionView[]; form: FormState }): string {
  const title = view.t("events.registration.questions.title", { title: localizedString(subject.event.title, view.locale) });
  const path = eventPath(subject.spaceSlug, subject.event.slug);
  const labels = { label: view.t("events.registration.questions.label"), kind: view.t("events.registration.questions.kind"), options: view.t("events.registration.questions.options") };
  return renderPage(view, {
    title,
    breadcrumbs: crumbs(view, subject, view.t("events.registration.manage.questions")),
    body: html`<h1>${view.t("events.registration.manage.questions")}</h1>
<p class="lead">${localizedText(view, subject.event.title)}</p>
${input.questions.length
  ? html`<ol class="question-list">${input.questions.map(
      (question) => html`<li>${localizedText(view, question.label)} <span class="muted">(${view.t(`events.registration.questions.kind.${question.kind}`)}${question.isRequired ? html`, ${view.t("events.registration.questions.required_mark")}` : ""})</span>
${question.options.length ? html`<ul>${question.options.map((option) => html`<li>${localizedText(view, option.label)}</li>`)}</ul>` : ""}
${postForm(view, `${path}/questions/${question.id}/remove`, html`<button type="submit" class="button-small secondary">${view.t("events.registration.questions.remove")}<span class="sr-only"> ${localizedString(question.label, view.locale)}</span></button>`)}</li>`,
    )}</ol>`
  : html`<p>${view.t("events.registration.questions.empty")}</p>`}
<h2>${view.t("events.registration.questions.add")}</h2>
${errorSummary(view, input.form, labels)}
${postForm(
  view,
  `${path}/questions`,
  html`${localizedFields(view, input.form, { name: "label", label: labels.label, isRequired: true })}
  ${selectField(view, input.form, { name: "kind", label: labels.kind, isRequired: true, choices: QUESTION_KINDS.map((kind) => ({ value: kind, label: view.t(`events.registration.questions.kind.${kind}`) })) })}
  ${textArea(view, input.form, { name: "options", label: labels.options, hint: view.t("events.registration.questions.options_hint"), rows: 4 })}
  ${checkboxField(view, input.form, { name: "is_required", label: view.t("events.registration.questions.required") })}
  <button type="submit" class="button">${view.t("events.registration.questions.add")}</button>`,
)}`,
  });
}

/** Invitations of an invitation-only event: who was invited and whether they opened it; invite more. */
export function invitationsPage(view: ViewContext, subject: Subject, input: { invitations: InvitationRow[]; form: FormState }): string {
  const title = view.t("events.registration.invitations.title", { title: localizedString(subject.event.title, view.locale) });
  const path = eventPath(subject.spaceSlug, subject.event.slug);
  const labels = { emails: view.t("events.registration.invitations.emails") };
  return renderPage(view, {
    title,
    breadcrumbs: crumbs(view, subject, view.t("events.registration.manage.invitations")),
    body: html`<h1>${view.t("events.registration.manage.invitations")}</h1>
<p class="lead">${localizedText(view, subject.event.title)}</p>
<p>${view.t("events.registration.invitations.note")}</p>
${errorSummary(view, input.form, labels)}
${postForm(
  view,
  `${path}/invitations`,
  html`${textArea(view, input.form, { name: "emails", label: labels.emails, hint: view.t("events.registration.invitations.emails_hint"), isRequired: true, rows: 5 })}
  <button type="submit" class="button">${view.t("events.registration.invitations.send")}</button>`,
)}
${input.invitations.length
  ? scrollableTable(
      view.t("events.registration.manage.invitations"),
      html`<table><thead><tr><th scope="col">${view.t("events.registration.invitations.email")}</th><th scope="col">${view.t("events.registration.invitations.sent")}</th><th scope="col">${view.t("events.registration.invitations.accepted")}</th></tr></thead>
<tbody>${input.invitations.map(
        (row) => html`<tr><td>${row.email}</td><td>${momentHtml(view, row.createdAt, subject.event.timeZone)}</td><td>${row.acceptedAt ? momentHtml(view, row.acceptedAt, subject.event.timeZone) : view.t("events.registration.invitations.not_yet")}</td></tr>`,
      )}</tbody></table>`,
    )
  : html`<p>${view.t("events.registration.invitations.empty")}</p>`}`,
  });
}

/** "My events": what the viewer registered for, upcoming then past, with each registration's status. */
export function myEventsPage(view: ViewContext, input: { rows: MyEventRow[]; now: Date }): string {
  const title = view.t("events.registration.mine.title");
  const item = (row: MyEventRow) => html`<li><a href="${eventPath(row.spaceSlug, row.event.slug)}">${localizedText(view, row.event.title)}</a>
<br>${eventTimeText(row.event, view.locale)}
<br><span class="tag">${view.t(`events.registration.label.${row.registration.status}`)}</span>${row.event.status === "cancelled" ? html` <span class="tag">${view.t("events.status.cancelled")}</span>` : ""}</li>`;
  const upcoming = input.rows.filter((row) => row.event.endsAt > input.now);
  const past = input.rows.filter((row) => row.event.endsAt <= input.now);
  return renderPage(view, {
    title,
    breadcrumbs: [{ label: view.t("account.title"), href: "/account" }, { label: title }],
    body: html`<h1>${title}</h1>
${input.rows.length
  ? html`${upcoming.length ? html`<h2>${view.t("events.registration.mine.upcoming")}</h2><ul class="my-events">${upcoming.map(item)}</ul>` : ""}
${past.length ? html`<h2>${view.t("events.registration.mine.past")}</h2><ul class="my-events">${past.map(item)}</ul>` : ""}`
  : html`<p>${view.t("events.registration.mine.empty")}</p>`}`,
  });
}
