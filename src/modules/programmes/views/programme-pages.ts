import { html, raw, type HtmlValue, type SafeHtml } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { localize } from "../../../platform/i18n/localized";
import type { SeatCounts } from "../../../platform/seats/seats";
import { renderPage } from "../../../platform/views/layout";
import { errorSummary, localizedFields, postForm, textField, type FormState } from "../../../platform/views/forms";
import { localizedText, langAttributes } from "../../../platform/views/localized";
import { allQuestions } from "../../surveys/definition";
import { SURVEY_STYLES } from "../../surveys/views/shared";
import { questionFields } from "../../surveys/views/survey-pages";
import { cohortPath, programmePath, type ApplicationView, type CohortView, type MaterialView, type ProgrammeView, type TrackView } from "../queries";
import { PROGRAMME_STATUSES } from "../schema";
import { cohortFields, cohortLabels, editLink, materialFields, materialLabels, trackFields, trackLabels, type Choice } from "./edit-pages";
import { cohortDates, crumbs, PROGRAMME_STYLES, statusTag, type SpaceRef } from "./shared";

const statusLine = (view: ViewContext, programme: ProgrammeView) => html`<p><span class="tag">${view.t(`programmes.status.${programme.status}`)}</span></p>`;

/** The settings fields' labels, so the error summary names each field it lists. */
function settingsLabels(view: ViewContext): Record<string, string> {
  const { t } = view;
  return { title: t("programmes.field.title"), description: t("programmes.field.description"), required_sessions: t("programmes.field.required_sessions") };
}

/** The settings fields (new programme and the settings form). */
function settingsFields(view: ViewContext, form: FormState): SafeHtml {
  const { t } = view;
  return html`${localizedFields(view, form, { name: "title", label: t("programmes.field.title"), isRequired: true })}
  ${localizedFields(view, form, { name: "description", label: t("programmes.field.description"), hint: t("programmes.field.markdown_hint"), isMultiline: true, rows: 5 })}
  ${textField(view, form, { name: "required_sessions", type: "number", label: t("programmes.field.required_sessions"), hint: t("programmes.field.required_sessions_hint") })}`;
}

/** /spaces/:slug/programmes — the space's programmes; organisers also see drafts and start a new one. */
export function programmeListPage(view: ViewContext, data: { space: SpaceRef; programmes: ProgrammeView[]; canManage: boolean; form: FormState }): string {
  const { t } = view;
  return renderPage(view, {
    title: `${t("programmes.title")} · ${localize(data.space.title, view.locale).text}`,
    breadcrumbs: crumbs(view, data.space).slice(0, 2),
    body: html`<h1>${t("programmes.title")}</h1>
<p class="lead">${t("programmes.lead")}</p>
${data.programmes.length
  ? html`<ul class="cards">${data.programmes.map((programme) => html`<li class="card"><h2><a href="${programmePath(data.space.slug, programme.slug)}">${localizedText(view, programme.title)}</a></h2>${statusLine(view, programme)}</li>`)}</ul>`
  : html`<p class="muted">${t("programmes.none")}</p>`}
${data.canManage
  ? html`<section aria-labelledby="new-programme"><h2 id="new-programme">${t("programmes.new")}</h2>
  ${errorSummary(view, data.form, settingsLabels(view))}
  ${postForm(view, `/spaces/${data.space.slug}/programmes/new`, html`${settingsFields(view, data.form)}<button type="submit">${t("programmes.create")}</button>`)}</section>`
  : ""}`,
  });
}

export type ProgrammePageData = {
  space: SpaceRef;
  programme: ProgrammeView;
  tracks: TrackView[];
  cohorts: (CohortView & { seats: SeatCounts | null; isTaking: boolean })[];
  materials: (MaterialView & { href: string })[];
  canManage: boolean;
  /** The viewer's own applications, by cohort id. */
  own: Map<string, ApplicationView>;
  forms: { settings: FormState; track: FormState; cohort: FormState; question: FormState; material: FormState } | null;
  /** The space's published guidance documents, for the material form (organisers only). */
  documents: Choice[];
};

function seatsLine(view: ViewContext, seats: SeatCounts | null, capacity: number | null): string {
  if (capacity === null) return view.t("programmes.cohort.unlimited");
  return view.t("programmes.cohort.seats", { capacity, free: seats?.free ?? capacity });
}

/**
 * Applying is what a visitor comes for: while cohorts take applications the viewer has not made, a primary
 * button under the title goes to the one cohort's form, or to the cohorts when several are open.
 */
function applyAction(view: ViewContext, data: ProgrammePageData): HtmlValue {
  const open = data.cohorts.filter((cohort) => cohort.isTaking && !data.own.has(cohort.id));
  if (!open.length) return "";
  const href = open.length === 1 ? `${cohortPath(data.space.slug, data.programme.slug, open[0]!.id)}#apply` : "#cohorts";
  return html`<p class="programme-next"><a class="button" href="${href}">${view.t("programmes.cohort.apply")}</a></p>`;
}

/** A programme: description, tracks, cohorts to apply to, materials; for organisers the set-up forms too. */
export function programmePage(view: ViewContext, data: ProgrammePageData): string {
  const { t } = view;
  const { space, programme } = data;
  const title = localize(programme.title, view.locale);
  const description = localize(programme.descriptionHtml, view.locale);
  const trackName = (id: string) => data.tracks.find((track) => track.id === id);
  return renderPage(view, {
    title: title.text,
    breadcrumbs: [...crumbs(view, space), { label: title }],
    head: html`${PROGRAMME_STYLES.link()}${SURVEY_STYLES.link()}`,
    body: html`<h1>${localizedText(view, programme.title)}</h1>
${statusLine(view, programme)}
${applyAction(view, data)}
${description.text ? html`<div class="prose"${description.isFallback ? langAttributes(view, description.locale) : ""}>${raw(description.text)}</div>` : ""}
<section aria-labelledby="tracks"><h2 id="tracks">${t("programmes.tracks")}</h2>
${data.tracks.length ? html`<ul>${data.tracks.map((track) => html`<li><strong>${localizedText(view, track.name)}</strong>${Object.keys(track.description).length ? html` — ${localizedText(view, track.description)}` : ""}${data.canManage ? editLink(view, `${programmePath(space.slug, programme.slug)}/tracks/${track.id}/edit`, track.name) : ""}</li>`)}</ul>` : html`<p class="muted">${t("programmes.no_tracks")}</p>`}
</section>
<section aria-labelledby="cohorts"><h2 id="cohorts">${t("programmes.cohorts")}</h2>
${data.cohorts.length
  ? html`<ul class="cards">${data.cohorts.map((cohort) => {
      const own = data.own.get(cohort.id);
      return html`<li class="card"><h3><a href="${cohortPath(space.slug, programme.slug, cohort.id)}">${localizedText(view, cohort.name)}</a></h3>
      <ul class="programme-facts"><li>${cohortDates(view, cohort)}</li><li>${seatsLine(view, cohort.seats, cohort.capacity)}</li>
      ${cohort.trackIds.length ? html`<li>${t("programmes.tracks")}: ${cohort.trackIds.map((id, at) => html`${at ? ", " : ""}${trackName(id) ? localizedText(view, trackName(id)!.name) : ""}`)}</li>` : ""}
      ${cohort.applicationsCloseAt ? html`<li>${t("programmes.cohort.closes", { when: view.format.dateTime(cohort.applicationsCloseAt) })}</li>` : ""}</ul>
      <p>${own ? html`${t("programmes.cohort.your_application")} ${statusTag(view, own.status, Boolean(own.completedAt))}` : cohort.isTaking ? html`<a class="button" href="${cohortPath(space.slug, programme.slug, cohort.id)}#apply">${t("programmes.cohort.apply")}</a>` : t("programmes.cohort.not_taking")}</p></li>`;
    })}</ul>`
  : html`<p class="muted">${t("programmes.no_cohorts")}</p>`}
</section>
<section aria-labelledby="materials"><h2 id="materials">${t("programmes.materials")}</h2>
${data.materials.length ? html`<ul>${data.materials.map((material) => html`<li><a href="${material.href}">${localizedText(view, material.title)}</a>${material.documentId ? html` <span class="tag">${t("programmes.material.guidance")}</span>` : ""}${data.canManage ? editLink(view, `${programmePath(space.slug, programme.slug)}/materials/${material.id}/edit`, material.title) : ""}</li>`)}</ul>` : html`<p class="muted">${t("programmes.no_materials")}</p>`}
</section>
${data.forms ? manageSection(view, data, data.forms) : ""}`,
  });
}

function manageSection(view: ViewContext, data: ProgrammePageData, forms: NonNullable<ProgrammePageData["forms"]>): SafeHtml {
  const { t } = view;
  const { programme, space } = data;
  const path = programmePath(space.slug, programme.slug);
  const questions = allQuestions(programme.form);
  return html`<section aria-labelledby="manage"><h2 id="manage">${t("programmes.manage")}</h2>
  <div class="programme-actions">${PROGRAMME_STATUSES.filter((status) => status !== programme.status).map((status) => postForm(view, `${path}/status`, html`<input type="hidden" name="status" value="${status}"><button type="submit" class="secondary">${t(`programmes.to_status.${status}`)}</button>`, { className: "inline-form" }))}</div>
  <h3 id="add-track">${t("programmes.track.add")}</h3>
  ${errorSummary(view, forms.track, trackLabels(view))}
  ${postForm(view, `${path}/tracks`, html`${trackFields(view, forms.track)}
    <button type="submit">${t("programmes.track.add")}</button>`)}
  <h3 id="add-cohort">${t("programmes.cohort.add")}</h3>
  ${errorSummary(view, forms.cohort, cohortLabels(view))}
  ${postForm(view, `${path}/cohorts`, html`${cohortFields(view, forms.cohort, data.tracks)}
    <button type="submit">${t("programmes.cohort.add")}</button>`)}
  <h3 id="form-questions">${t("programmes.form.heading")}</h3>
  <p>${t("programmes.form.lead")}</p>
  ${questions.length ? html`<ol>${questions.map((question) => html`<li>${localizedText(view, question.text)} <span class="tag">${t(`surveys.kind.${question.kind}`)}</span>${question.isRequired ? html` <span class="tag">${t("surveys.answer.required")}</span>` : ""}</li>`)}</ol>` : html`<p class="muted">${t("programmes.form.none")}</p>`}
  ${questionFields(view, forms.question, programme.form, null, `${path}/questions`)}
  <h3 id="add-material">${t("programmes.material.add")}</h3>
  ${errorSummary(view, forms.material, materialLabels(view))}
  ${postForm(view, `${path}/materials`, html`${materialFields(view, forms.material, data.documents)}
    <button type="submit">${t("programmes.material.add")}</button>`)}
  <h3 id="settings">${t("programmes.settings")}</h3>
  ${errorSummary(view, forms.settings, settingsLabels(view))}
  ${postForm(view, `${path}/settings`, html`${settingsFields(view, forms.settings)}<button type="submit">${t("programmes.save")}</button>`)}
</section>`;
}

