import type { ContentCard } from "../../../platform/content/sources";
import { html, type SafeHtml } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { localize, localizedString, type LocalizedText } from "../../../platform/i18n/localized";
import { formSection, formSections } from "../../../platform/views/components";
import { errorSummary, fieldId, localizedFields, localizedToForm, postForm, selectField, textArea, textField, type FormState } from "../../../platform/views/forms";
import { renderPage } from "../../../platform/views/layout";
import { localizedText } from "../../../platform/views/localized";
import { videoLinksToText } from "../inputs";
import type { NewsImage, NewsPost } from "../queries";
import { NEWS_KINDS } from "../schema";
import { pictureTag } from "./shared";

export type NewsFormData = {
  space: { slug: string; title: LocalizedText };
  /** "manage": a coordinator's post; "propose": an organisation's story about its commitment. */
  mode: "manage" | "propose";
  form: FormState;
  post?: NewsPost;
  images?: NewsImage[];
  imageForm?: FormState;
  organisations: { value: string; label: string }[];
  commitments: { value: string; label: string }[];
  relatedChoices: { kind: string; label: string; cards: ContentCard[] }[];
};

/** The form's values for an existing post. */
export function postFormValues(post: NewsPost, organisationSlug: string | null, commitment: string): Record<string, unknown> {
  const [quote] = post.quotes;
  return {
    kind: post.kind,
    slug: post.slug,
    ...localizedToForm("title", post.title),
    ...localizedToForm("lead", post.lead),
    ...localizedToForm("body", post.body),
    organisation: organisationSlug ?? "",
    commitment,
    related: post.related.map((reference) => `${reference.kind}:${reference.id}`),
    video_links: videoLinksToText(post.videoLinks),
    ...localizedToForm("quote", quote?.text),
    quote_attribution: quote?.attribution ?? "",
    topics: post.topics.join(", "),
  };
}

function relatedField(view: ViewContext, data: NewsFormData): SafeHtml {
  const chosen = new Set(Array.isArray(data.form.values.related) ? (data.form.values.related as string[]) : typeof data.form.values.related === "string" ? [data.form.values.related] : []);
  const groups = data.relatedChoices.filter((group) => group.cards.length);
  if (!groups.length) return html``;
  const error = data.form.errors.related;
  return html`<fieldset class="field${error ? " has-error" : ""}" id="${fieldId("related")}"><legend>${view.t("news.related")}</legend>
  <p class="hint">${view.t("news.related_hint")}</p>
  ${error ? html`<p class="field-error">${view.t(error.key, error.values)}</p>` : ""}
  ${groups.map((group) => html`<p><strong>${group.label}</strong></p>
    ${group.cards.map((card) => {
      const value = `${card.kind}:${card.id}`;
      const id = fieldId(`related-${value}`);
      return html`<div class="checkbox"><input type="checkbox" id="${id}" name="related" value="${value}"${chosen.has(value) ? html` checked` : ""}> <label for="${id}">${localizedText(view, card.title)}</label></div>`;
    })}`)}
</fieldset>`;
}

function imagesSection(view: ViewContext, data: NewsFormData): SafeHtml {
  const { t } = view;
  if (!data.post) return html`<p class="hint">${t("news.images_after_save")}</p>`;
  const base = `/spaces/${data.space.slug}/news/${data.post.slug}`;
  const form = data.imageForm ?? { values: {}, errors: {} };
  const images = data.images ?? [];
  return html`<section aria-labelledby="news-images-heading" id="images"><h2 id="news-images-heading">${t("news.images")}</h2>
  <p class="hint">${t("news.images_hint")}</p>
  ${images.length
    ? html`<ul class="cards gallery">${images.map((image, index) => html`<li class="card">${pictureTag(view, image, { sizes: "15em", isLazy: true })}
      <p>${index === 0 ? html`<span class="tag">${t("news.lead_image")}</span> ` : ""}${localize(image.alt, view.locale).text}</p>
      ${postForm(view, `${base}/images/${image.id}`, html`${index > 0 ? html`<button type="submit" name="action" value="forward">${t("news.image_forward")}</button> ` : ""}<button type="submit" name="action" value="delete">${t("news.image_delete")}</button>`, { className: "inline-form" })}</li>`)}</ul>`
    : ""}
  ${errorSummary(view, form, { image: t("news.image_file"), alt: t("news.image_alt"), caption: t("news.image_caption") })}
  ${postForm(
    view,
    `${base}/images`,
    html`<div class="field${form.errors.image ? " has-error" : ""}"><label for="${fieldId("image")}">${t("news.image_file")} <span class="required" aria-hidden="true">*</span></label>
      <p class="hint" id="${fieldId("image")}-hint">${t("news.image_file_hint")}</p>
      ${form.errors.image ? html`<p class="field-error" id="${fieldId("image")}-error">${t(form.errors.image.key, form.errors.image.values)}</p>` : ""}
      <input type="file" id="${fieldId("image")}" name="image" accept="image/jpeg,image/png,image/webp,image/gif,image/avif" required aria-describedby="${fieldId("image")}-hint${form.errors.image ? ` ${fieldId("image")}-error` : ""}"></div>
    ${localizedFields(view, form, { name: "alt", label: t("news.image_alt"), hint: t("news.image_alt_hint"), isRequired: true })}
    ${localizedFields(view, form, { name: "caption", label: t("news.image_caption") })}
    <p><button type="submit">${t("news.image_upload")}</button></p>`,
    { enctype: "multipart/form-data" },
  )}
</section>`;
}

/** The form of a new or existing post (managers), or of a story an organisation proposes. */
export function postFormPage(view: ViewContext, data: NewsFormData): string {
  const { t } = view;
  const { form, space, post } = data;
  const heading = post ? t("news.edit_title") : data.mode === "propose" ? t("news.propose_title") : t("news.new_title");
  const action = post ? `/spaces/${space.slug}/news/${post.slug}/edit` : `/spaces/${space.slug}/news/${data.mode === "propose" ? "propose" : "new"}`;
  const labels: Record<string, string> = {
    kind: t("news.kind_label"), slug: t("news.slug"), title: t("news.field_title"), lead: t("news.lead"), body: t("news.body"), organisation: t("news.organisation"),
    commitment: t("news.commitment"), related: t("news.related"), video_links: t("news.video_links"), quote: t("news.quote"), quote_attribution: t("news.quote_attribution"), topics: t("news.topics"),
  };
  const isProposal = data.mode === "propose";
  const sections = {
    story: { id: "post-story", label: t("news.section_story") },
    links: { id: "post-links", label: t("news.section_links") },
    media: { id: "post-media", label: t("news.section_media") },
    topics: { id: "post-topics", label: t("news.section_topics") },
  };
  return renderPage(view, {
    title: `${heading} · ${localizedString(space.title, view.locale)}`,
    breadcrumbs: [{ label: localize(space.title, view.locale), href: `/spaces/${space.slug}` }, { label: t("news.title"), href: `/spaces/${space.slug}/news` }, { label: heading }],
    body: html`<h1>${heading}</h1>
${data.mode === "propose" ? html`<p class="lead">${t("news.propose_lead")}</p>` : ""}
${errorSummary(view, form, labels)}
<div class="form-with-sections">${formSections(view, Object.values(sections))}
${postForm(
  view,
  action,
  html`${formSection(sections.story, html`${isProposal
    ? html`<input type="hidden" name="kind" value="story">`
    : selectField(view, form, { name: "kind", label: labels.kind!, isRequired: true, choices: NEWS_KINDS.map((kind) => ({ value: kind, label: t(`news.kind.${kind}`) })) })}
  ${localizedFields(view, form, { name: "title", label: labels.title!, isRequired: true })}
  ${localizedFields(view, form, { name: "lead", label: labels.lead!, hint: t("news.lead_hint"), isMultiline: true, rows: 3 })}
  ${localizedFields(view, form, { name: "body", label: labels.body!, hint: t("news.body_hint"), isMultiline: true, rows: 12 })}`)}
  ${formSection(sections.links, html`${data.organisations.length || data.mode === "propose"
    ? selectField(view, form, { name: "organisation", label: labels.organisation!, isRequired: data.mode === "propose", choices: data.organisations, placeholder: data.mode === "propose" ? t("news.choose") : t("news.no_organisation") })
    : textField(view, form, { name: "organisation", label: labels.organisation!, hint: t("news.organisation_hint") })}
  ${data.mode === "manage" && form.values.commitment ? html`<input type="hidden" name="commitment" value="${String(form.values.commitment)}">` : ""}
  ${data.mode === "propose" || data.commitments.length ? selectField(view, form, { name: "commitment", label: labels.commitment!, hint: t("news.commitment_hint"), choices: data.commitments, placeholder: t("news.no_commitment") }) : ""}
  ${relatedField(view, data)}`)}
  ${formSection(sections.media, html`${textArea(view, form, { name: "video_links", label: labels.video_links!, hint: t("news.video_links_hint"), rows: 3 })}
  ${localizedFields(view, form, { name: "quote", label: labels.quote!, hint: t("news.quote_hint"), isMultiline: true, rows: 2 })}
  ${textField(view, form, { name: "quote_attribution", label: labels.quote_attribution! })}`)}
  ${formSection(sections.topics, html`${textField(view, form, { name: "topics", label: labels.topics!, hint: t("news.topics_hint") })}
  ${data.mode === "manage" ? textField(view, form, { name: "slug", label: labels.slug!, hint: t("news.slug_hint") }) : ""}`)}
  <p><button type="submit">${post ? t("news.save") : data.mode === "propose" ? t("news.submit_story") : t("news.create")}</button>
  ${post ? html` <a href="/spaces/${space.slug}/news/${post.slug}">${t("news.back_to_post")}</a>` : ""}</p>`,
)}</div>
${imagesSection(view, data)}`,
  });
}
