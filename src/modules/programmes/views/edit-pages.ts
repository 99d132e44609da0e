import { html, type SafeHtml } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { localize, type LocalizedText } from "../../../platform/i18n/localized";
import { notice, pageHeader } from "../../../platform/views/components";
import { renderPage } from "../../../platform/views/layout";
import { errorSummary, localizedFields, localizedToForm, postForm, selectField, textField, type FormState } from "../../../platform/views/forms";
import { localizedText } from "../../../platform/views/localized";
import { programmePath, type CohortView, type MaterialView, type SessionView, type TrackView } from "../queries";
import { crumbs, PROGRAMME_STYLES, type SpaceRef } from "./shared";

// The fields of a track, cohort, session and material — the same on the "add" forms and on their edit pages — and
// the edit page itself: the form, then removal with what it does in words.

export type Choice = { value: string; label: string };

/** An organiser's "Edit" link after an item, naming the item for screen readers. */
export const editLink = (view: ViewContext, href: string, name: LocalizedText): SafeHtml =>
  html` <a class="programme-edit" href="${href}">${view.t("programmes.edit.link")}<span class="sr-only"> ${localize(name, view.locale).text}</span></a>`;

/** "2027-03-01T10:00" in UTC, what a datetime-local field holds (the forms say times are UTC). */
const momentValue = (value: Date | null): string => (value ? value.toISOString().slice(0, 16) : "");

export const trackLabels = (view: ViewContext) => ({ track_name: view.t("programmes.track.name"), track_description: view.t("programmes.track.description") });
export const trackValues = (track: TrackView) => ({ ...localizedToForm("track_name", track.name), ...localizedToForm("track_description", track.description) });
export function trackFields(view: ViewContext, form: FormState): SafeHtml {
  const { t } = view;
  return html`${localizedFields(view, form, { name: "track_name", label: t("programmes.track.name"), isRequired: true })}
    ${localizedFields(view, form, { name: "track_description", label: t("programmes.track.description"), isMultiline: true, rows: 2 })}`;
}

export const cohortLabels = (view: ViewContext) => {
  const { t } = view;
  return {
    cohort_name: t("programmes.cohort.name"), starts_on: t("programmes.cohort.starts_on"), ends_on: t("programmes.cohort.ends_on"), capacity: t("programmes.cohort.capacity"),
    track_ids: t("programmes.tracks"), opens_at: t("programmes.cohort.opens_at"), closes_at: t("programmes.cohort.closes_at"),
  };
};
export const cohortValues = (cohort: CohortView) => ({
  ...localizedToForm("cohort_name", cohort.name), starts_on: cohort.startsOn, ends_on: cohort.endsOn, capacity: cohort.capacity === null ? "" : String(cohort.capacity),
  track_ids: cohort.trackIds, opens_at: momentValue(cohort.applicationsOpenAt), closes_at: momentValue(cohort.applicationsCloseAt),
});
export function cohortFields(view: ViewContext, form: FormState, tracks: TrackView[]): SafeHtml {
  const { t } = view;
  const picked = ([] as unknown[]).concat(form.values.track_ids ?? []);
  return html`${localizedFields(view, form, { name: "cohort_name", label: t("programmes.cohort.name"), isRequired: true })}
    ${textField(view, form, { name: "starts_on", type: "date", label: t("programmes.cohort.starts_on"), isRequired: true })}
    ${textField(view, form, { name: "ends_on", type: "date", label: t("programmes.cohort.ends_on"), isRequired: true })}
    ${textField(view, form, { name: "capacity", type: "number", label: t("programmes.cohort.capacity"), hint: t("programmes.cohort.capacity_hint") })}
    ${tracks.length ? html`<fieldset id="field-track_ids"><legend>${t("programmes.tracks")}</legend>${form.errors.track_ids ? html`<p class="field-error">${t(form.errors.track_ids.key)}</p>` : ""}
      ${tracks.map((track, at) => html`<div class="field checkbox"><input type="checkbox" id="cohort-track-${at}" name="track_ids" value="${track.id}"${picked.includes(track.id) ? html` checked` : ""}><label for="cohort-track-${at}">${localizedText(view, track.name)}</label></div>`)}</fieldset>` : ""}
    ${textField(view, form, { name: "opens_at", type: "datetime-local", label: t("programmes.cohort.opens_at"), hint: t("programmes.field.utc_hint") })}
    ${textField(view, form, { name: "closes_at", type: "datetime-local", label: t("programmes.cohort.closes_at"), hint: t("programmes.field.utc_hint") })}`;
}

export const sessionLabels = (view: ViewContext) => ({ event_id: view.t("programmes.session.event"), session_title: view.t("programmes.session.title"), starts_at: view.t("programmes.session.starts_at") });
export const sessionValues = (session: SessionView) => ({ ...localizedToForm("session_title", session.title), starts_at: momentValue(session.startsAt), event_id: session.eventId ?? "" });
/** The session's fields: the event is chosen from the space's published events (none: a standalone session). */
export function sessionFields(view: ViewContext, form: FormState, events: Choice[]): SafeHtml {
  const { t } = view;
  return html`${selectField(view, form, { name: "event_id", label: t("programmes.session.event"), hint: t(events.length ? "programmes.session.event_hint" : "programmes.session.no_events"), choices: events, placeholder: t("programmes.session.standalone") })}
    ${localizedFields(view, form, { name: "session_title", label: t("programmes.session.title") })}
    ${textField(view, form, { name: "starts_at", type: "datetime-local", label: t("programmes.session.starts_at"), hint: t("programmes.field.utc_hint") })}`;
}

export const materialLabels = (view: ViewContext) => ({ material_title: view.t("programmes.material.title"), document_id: view.t("programmes.material.document"), url: view.t("programmes.material.url") });
export const materialValues = (material: MaterialView) => ({ ...localizedToForm("material_title", material.title), url: material.url ?? "", document_id: material.documentId ?? "" });
/** The material's fields: a published guidance document of the space chosen from the list, or a web address. */
export function materialFields(view: ViewContext, form: FormState, documents: Choice[]): SafeHtml {
  const { t } = view;
  return html`${localizedFields(view, form, { name: "material_title", label: t("programmes.material.title") })}
    ${selectField(view, form, { name: "document_id", label: t("programmes.material.document"), hint: t(documents.length ? "programmes.material.document_hint" : "programmes.material.no_documents"), choices: documents, placeholder: t("programmes.material.no_document") })}
    ${textField(view, form, { name: "url", type: "url", label: t("programmes.material.url") })}`;
}

export type EditPageData = {
  space: SpaceRef;
  programme: { slug: string; title: LocalizedText };
  /** The cohort page's crumb, for a cohort's session. */
  parent?: { label: LocalizedText; href: string };
  /** What is edited ("Track", "Cohort"…) and its current name. */
  kind: string;
  name: LocalizedText;
  action: string;
  form: FormState;
  labels: Record<string, string>;
  fields: SafeHtml;
  /** What removing does, in words, and why it may be refused. */
  removeHint: string;
  /** The message of a refused removal (409). */
  removeError?: string;
};

/** The edit page of a track, cohort, session or material: its form (kept as typed on error), then removal. */
export function editPage(view: ViewContext, data: EditPageData): string {
  const { t } = view;
  const name = localize(data.name, view.locale);
  const programmeTitle = localize(data.programme.title, view.locale);
  const programmeHref = programmePath(data.space.slug, data.programme.slug);
  return renderPage(view, {
    head: PROGRAMME_STYLES.link(),
    title: `${t("programmes.edit.title", { name: name.text })} · ${programmeTitle.text}`,
    breadcrumbs: [...crumbs(view, data.space), { label: programmeTitle, href: programmeHref }, ...(data.parent ? [{ label: localize(data.parent.label, view.locale), href: data.parent.href }] : []), { label: name }],
    body: html`${pageHeader({ kind: data.kind, title: t("programmes.edit.title", { name: name.text }) })}
${errorSummary(view, data.form, data.labels)}
${postForm(view, data.action, html`${data.fields}<button type="submit">${t("programmes.save")}</button>`)}
<section aria-labelledby="remove"><h2 id="remove">${t("programmes.edit.remove_heading")}</h2>
${data.removeError ? notice("error", html`<p>${data.removeError}</p>`) : ""}
<p>${data.removeHint}</p>
${postForm(view, `${data.action.replace(/\/edit$/, "")}/remove`, html`<button type="submit" class="secondary">${t("programmes.edit.remove", { name: name.text })}</button>`)}
</section>`,
  });
}
