import { html } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import type { LocalizedValue } from "../../../platform/i18n/localized";
import { errorSummary, postForm, selectField, textField, type FormState } from "../../../platform/views/forms";
import { renderPage, type Breadcrumb } from "../../../platform/views/layout";
import type { GlossaryIndex } from "../../../platform/search/glossary";
import { MAX_TERM_LENGTH } from "./commands/change-glossary";

export type GlossaryTermRow = { id: string; conceptId: string; language: "en" | "ru"; term: string };

/** The glossary extension page: the terms added here by concept, with the shipped terms beside them, and the form. */
export function glossaryPage(
  view: ViewContext,
  data: { basePath: string; space?: { slug: string; title: LocalizedValue }; terms: GlossaryTermRow[]; glossary: GlossaryIndex; form: FormState },
): string {
  const { t } = view;
  const byConcept = new Map<string, GlossaryTermRow[]>();
  for (const row of data.terms) byConcept.set(row.conceptId, [...(byConcept.get(row.conceptId) ?? []), row]);
  const conceptLabel = (conceptId: string) => {
    const entry = data.glossary.concept(conceptId);
    return [entry?.en[0], entry?.ru[0]].filter(Boolean).join(" / ") || conceptId;
  };
  const labels = { concept: t("knowledge.glossary.concept_choice"), en: t("knowledge.glossary.term_en"), ru: t("knowledge.glossary.term_ru") };
  const breadcrumbs: Breadcrumb[] = data.space
    ? [{ label: t("space.list.title"), href: "/spaces" }, { label: data.space.title, href: `/spaces/${data.space.slug}` }, { label: t("knowledge.answers.hub"), href: data.basePath }, { label: t("knowledge.glossary.title") }]
    : [{ label: t("knowledge.answers.hub"), href: data.basePath }, { label: t("knowledge.glossary.title") }];
  const body = html`<h1>${t("knowledge.glossary.title")}</h1>
<p>${t("knowledge.glossary.intro")}</p>
${data.space ? "" : html`<p>${t("knowledge.glossary.platform_intro")}</p>`}
<h2>${t("knowledge.glossary.list_heading")}</h2>
${byConcept.size === 0
  ? html`<p>${t("knowledge.glossary.none")}</p>`
  : html`<ul class="glossary-concepts">${[...byConcept].map(
      ([conceptId, rows]) => html`<li><h3>${conceptLabel(conceptId)}</h3>
<ul>${rows.map(
  (row) => html`<li><span lang="${row.language}">${row.term}</span> (${row.language.toUpperCase()})
${postForm(view, `${data.basePath}/glossary/remove`, html`<input type="hidden" name="termId" value="${row.id}"><button type="submit" class="secondary button-small" aria-label="${t("knowledge.glossary.remove_label", { term: row.term })}">${t("knowledge.glossary.remove")}</button>`, { className: "inline-form" })}</li>`,
)}</ul></li>`,
    )}</ul>`}
<h2 id="add">${t("knowledge.glossary.add_heading")}</h2>
${errorSummary(view, data.form, labels)}
${postForm(
  view,
  `${data.basePath}/glossary`,
  html`${selectField(view, data.form, {
    name: "concept",
    label: labels.concept,
    hint: t("knowledge.glossary.concept_choice_hint"),
    choices: [{ value: "new", label: t("knowledge.glossary.new_concept") }, ...[...byConcept.keys()].map((conceptId) => ({ value: conceptId, label: conceptLabel(conceptId) }))],
  })}
${textField(view, data.form, { name: "en", label: labels.en, maxLength: MAX_TERM_LENGTH })}
${textField(view, data.form, { name: "ru", label: labels.ru, maxLength: MAX_TERM_LENGTH })}
<button type="submit">${t("knowledge.glossary.add")}</button>`,
)}`;
  return renderPage(view, { title: t("knowledge.glossary.title"), body, breadcrumbs });
}
