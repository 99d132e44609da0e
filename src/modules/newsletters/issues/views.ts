import { langAttributes } from "../../../platform/views/localized";
import type { ContentCard } from "../../../platform/content/sources";
import { listRegions } from "../../../platform/countries";
import { html, type HtmlValue, type SafeHtml } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { moduleScript } from "../../../platform/http/module-script";
import { LOCALES } from "../../../platform/i18n/locales";
import { localize, localizedString } from "../../../platform/i18n/localized";
import { checkboxPicker, countryPicker, pickedValues } from "../../../platform/views/checkbox-picker";
import { formSection, formSections } from "../../../platform/views/components";
import { errorSummary, fieldId, localizedFields, postForm, type FormState } from "../../../platform/views/forms";
import { renderPage } from "../../../platform/views/layout";
import { ACTOR_TYPES, actorTypeLabel } from "../../organisations/actor-types";
import type { FrameworkItem, FrameworkRef } from "../../spaces/queries";
import { SPACE_ROLES } from "../../spaces/inputs";
import type { Newsletter } from "./queries";
import { newsletterArticle, type NewsletterContent } from "./render";
import { maskAddress, type SegmentRecipient } from "./segments";
import { AUDIENCE_KINDS } from "./schema";

/** The live audience count on the compose page (served by routes.ts). */
export const AUDIENCE_SCRIPT = moduleScript("newsletter-audience.js");

type SpaceRef = { slug: string; title: Record<string, string | undefined> };
export type AudiencePreview = { count: number; sample: SegmentRecipient[] };

const base = (space: SpaceRef) => `/spaces/${space.slug}/newsletters`;
const spaceCrumbs = (view: ViewContext, space: SpaceRef) => [
  { label: view.t("nav.spaces"), href: "/spaces" },
  { label: localize(space.title, view.locale), href: `/spaces/${space.slug}` },
  { label: view.t("newsletters.issues.title"), href: base(space) },
];

function subjectOf(view: ViewContext, newsletter: Pick<Newsletter, "subject">): string {
  return localizedString(newsletter.subject, view.locale) || view.t("newsletters.issues.untitled");
}

/** The archive: sent issues (anyone who may read it) and, for coordinators, what is not sent yet. */
export function archivePage(view: ViewContext, data: { space: SpaceRef; sent: Newsletter[]; nextCursor: string | null; unsent: Newsletter[] | null }): string {
  const { t, format } = view;
  const { space } = data;
  return renderPage(view, {
    title: `${t("newsletters.issues.title")} · ${localizedString(space.title, view.locale)}`,
    head: html`<link rel="alternate" type="application/atom+xml" href="${base(space)}/feed.atom" title="${t("newsletters.issues.feed")}">`,
    breadcrumbs: [...spaceCrumbs(view, space).slice(0, 2), { label: t("newsletters.issues.title") }],
    body: html`<h1>${t("newsletters.issues.title")}</h1>
<p>${t("newsletters.issues.archive_intro")} <a href="${base(space)}/feed.atom">${t("newsletters.issues.feed")}</a></p>
${data.unsent
  ? html`<p><a class="button" href="${base(space)}/new">${t("newsletters.issues.new")}</a></p>
    ${data.unsent.length
      ? html`<section aria-labelledby="unsent-heading"><h2 id="unsent-heading">${t("newsletters.issues.unsent_heading")}</h2>
        <ul class="newsletter-list">${data.unsent.map((newsletter) => html`<li><a href="${base(space)}/${newsletter.id}">${subjectOf(view, newsletter)}</a>
          — ${t(`newsletters.issues.status.${newsletter.status}`)}${newsletter.status === "scheduled" && newsletter.scheduledAt ? html` (${t("newsletters.issues.scheduled_for", { date: format.dateTime(newsletter.scheduledAt) })})` : ""}</li>`)}</ul></section>`
      : ""}`
  : ""}
<section aria-labelledby="sent-heading"><h2 id="sent-heading">${t("newsletters.issues.status.sent")}</h2>
${data.sent.length
  ? html`<ul class="newsletter-list">${data.sent.map((newsletter) => html`<li><a href="${base(space)}/${newsletter.id}">${subjectOf(view, newsletter)}</a>
      <span class="meta">${newsletter.sentAt ? t("newsletters.issues.sent_on", { date: format.date(newsletter.sentAt) }) : ""}</span></li>`)}</ul>
    ${data.nextCursor ? html`<p><a href="${base(space)}?before=${data.nextCursor}">${t("newsletters.issues.older")}</a></p>` : ""}`
  : html`<p>${t("newsletters.issues.archive_empty")}</p>`}
</section>`,
  });
}

/** A sent issue on the web, in the viewer's language, without anyone's personal links. */
export function webVersionPage(view: ViewContext, data: { space: SpaceRef; content: NewsletterContent; cards: ContentCard[]; publicUrl: string; progress: HtmlValue }): string {
  const { t, format } = view;
  const subject = localize(data.content.subject, view.locale);
  return renderPage(view, {
    title: subject.text || t("newsletters.issues.untitled"),
    breadcrumbs: [...spaceCrumbs(view, data.space), { label: subject }],
    body: html`<article class="newsletter">
<h1${subject.isFallback ? langAttributes(view, subject.locale) : ""}>${subject.text || t("newsletters.issues.untitled")}</h1>
${data.content.sentAt ? html`<p class="meta">${t("newsletters.issues.sent_on", { date: format.date(data.content.sentAt) })}</p>` : ""}
${data.progress}
${newsletterArticle(data.content, data.cards, view.locale, data.publicUrl)}
</article>`,
  });
}

export type ComposeData = {
  space: SpaceRef;
  newsletter: Newsletter | null;
  form: FormState;
  audience: AudiencePreview | null;
  frameworks: { framework: FrameworkRef; items: FrameworkItem[] }[];
  blocks: { label: string; kind: string; isMissing: boolean; text: string }[];
  sources: { kind: string; label: string }[];
  search: { kind: string; query: string; results: ContentCard[] } | null;
  zones: string[];
  progress: HtmlValue;
};

function checkboxGroup(view: ViewContext, form: FormState, name: string, legend: string, choices: { value: string; label: string }[], hint?: string): SafeHtml {
  const picked = pickedValues(form, name);
  const error = form.errors[name];
  return html`<fieldset class="checkbox-group${error ? " has-error" : ""}" id="${fieldId(name)}">
  <legend>${legend}</legend>
  ${hint ? html`<p class="hint">${hint}</p>` : ""}
  ${error ? html`<p class="field-error">${view.t(error.key, error.values)}</p>` : ""}
  ${choices.map((choice) => {
    const id = `${fieldId(name)}-${choice.value}`;
    return html`<div class="checkbox"><input type="checkbox" id="${id}" name="${name}" value="${choice.value}"${picked.has(choice.value) ? html` checked` : ""}><label for="${id}">${choice.label}</label></div>`;
  })}
</fieldset>`;
}

/** What the audience panel says, as text: the page and the live count's answer (`/audience`) both use it. */
export function audienceSummary(view: Pick<ViewContext, "t" | "format">, audience: AudiencePreview): { count: number; heading: string; sampleHeading: string; sample: string[]; none: string } {
  const { t } = view;
  return {
    count: audience.count,
    heading: t("newsletters.issues.audience_count", { count: view.format.number(audience.count) }),
    sampleHeading: t("newsletters.issues.audience_sample"),
    sample: audience.sample.map((recipient) => `${recipient.displayName || t("newsletters.issues.audience_subscriber")} · ${maskAddress(recipient.email)} · ${recipient.locale}`),
    none: t("newsletters.issues.audience_none"),
  };
}

/**
 * The audience panel: how many, and a few of them with addresses partly hidden. An aria-live region that the
 * live-count script (public/newsletter-audience.js) refills from `data-audience-url` as the recipient fields change.
 */
function audiencePanel(view: ViewContext, space: SpaceRef, audience: AudiencePreview | null): HtmlValue {
  const { t } = view;
  const summary = audience ? audienceSummary(view, audience) : null;
  return html`<section class="audience" id="audience" aria-labelledby="audience-heading" aria-live="polite" data-audience-url="${base(space)}/audience"${summary ? html` data-count="${summary.count}"` : ""}>
  <h2 id="audience-heading">${summary ? summary.heading : t("newsletters.issues.segment.heading")}</h2>
  <div class="audience-result">${summary
    ? summary.count
      ? html`<h3>${summary.sampleHeading}</h3><ul>${summary.sample.map((line) => html`<li>${line}</li>`)}</ul>`
      : html`<p>${summary.none}</p>`
    : ""}</div>
  <p class="hint">${t("newsletters.issues.audience_privacy")}</p>
</section>`;
}

/** Compose (new or draft/scheduled) — fields, recipients with their preview, blocks, test, schedule, send, cancel. */
export function composePage(view: ViewContext, data: ComposeData): string {
  const { t } = view;
  const { space, newsletter, form } = data;
  const action = newsletter ? `${base(space)}/${newsletter.id}` : base(space);
  const title = newsletter ? t("newsletters.issues.edit_title", { subject: subjectOf(view, newsletter) }) : t("newsletters.issues.compose_title");
  const labels = {
    subject: t("newsletters.issues.field.subject"),
    preheader: t("newsletters.issues.field.preheader"),
    intro: t("newsletters.issues.field.intro"),
    audiences: t("newsletters.issues.segment.audiences"),
  };
  const frameworkGroups = data.frameworks.map((entry) => ({
    label: localizedString(entry.framework.name, view.locale),
    choices: entry.items.map((item) => ({ value: item.id, label: `${item.number ? `${item.number} ` : ""}${localizedString(item.label, view.locale)}` })),
  }));
  const sections = {
    message: { id: "newsletter-message", label: t("newsletters.issues.section_message") },
    recipients: { id: "newsletter-recipients", label: t("newsletters.issues.segment.heading") },
  };
  // A saved newsletter's page goes on with its blocks and the sending: the table of contents lists them too.
  const contents = [
    ...Object.values(sections),
    ...(newsletter ? [{ id: "blocks-heading", label: t("newsletters.issues.blocks.heading") }, { id: "actions-heading", label: t("newsletters.issues.actions.heading") }] : []),
  ];
  const mainForm = postForm(
    view,
    action,
    html`${errorSummary(view, form, labels)}
${formSection(sections.message, html`${localizedFields(view, form, { name: "subject", label: labels.subject, isRequired: true })}
${localizedFields(view, form, { name: "preheader", label: labels.preheader, hint: t("newsletters.issues.field.preheader_hint") })}
${localizedFields(view, form, { name: "intro", label: labels.intro, hint: t("newsletters.issues.field.intro_hint"), isMultiline: true, rows: 6 })}`)}
${formSection(sections.recipients, html`${checkboxGroup(view, form, "audiences", labels.audiences, AUDIENCE_KINDS.map((kind) => ({ value: kind, label: t(`newsletters.issues.audience.${kind}`) })), t("newsletters.issues.segment.audiences_hint"))}
${checkboxGroup(view, form, "roles", t("newsletters.issues.segment.roles"), SPACE_ROLES.map((role) => ({ value: role, label: t(`space.role.${role}`) })))}
${checkboxPicker(view, form, { name: "actorTypes", legend: t("newsletters.issues.segment.actor_types"), groups: [{ label: "", choices: ACTOR_TYPES.map((type) => ({ value: type.key, label: actorTypeLabel(type.key, view.locale) })) }] })}
${countryPicker(view, form, { name: "countries", legend: t("newsletters.issues.segment.countries") })}
${checkboxPicker(view, form, { name: "regions", legend: t("newsletters.issues.segment.regions"), groups: [{ label: "", choices: listRegions(view.locale).map((region) => ({ value: region.code, label: region.name })) }] })}
${frameworkGroups.length ? checkboxPicker(view, form, { name: "frameworkItems", legend: t("newsletters.issues.segment.frameworks"), groups: frameworkGroups }) : ""}
${checkboxGroup(view, form, "locales", t("newsletters.issues.segment.locales"), LOCALES.map((locale) => ({ value: locale.code, label: locale.name })))}`, { className: "segment" })}
<div class="actions">
  <button type="submit" name="action" value="preview" class="secondary">${t("newsletters.issues.preview_button")}</button>
  <button type="submit" name="action" value="save">${t("newsletters.issues.save_button")}</button>
</div>`,
  );
  return renderPage(view, {
    title,
    head: AUDIENCE_SCRIPT.tag(),
    breadcrumbs: [...spaceCrumbs(view, space), { label: title }],
    body: html`<h1>${title}</h1>
${newsletter ? html`<p class="meta">${t(`newsletters.issues.status.${newsletter.status}`)}</p>` : ""}
${data.progress}
<div class="form-with-sections">${formSections(view, contents)}<div>
${mainForm}
${audiencePanel(view, space, data.audience)}
${newsletter ? blocksSection(view, data, newsletter) : ""}
${newsletter ? actionsSection(view, data, newsletter) : ""}
</div></div>`,
  });
}

function blocksSection(view: ViewContext, data: ComposeData, newsletter: Newsletter): SafeHtml {
  const { t } = view;
  const target = `${base(data.space)}/${newsletter.id}/blocks`;
  const move = (index: number, action: "up" | "down" | "remove", label: string) =>
    postForm(view, target, html`<input type="hidden" name="index" value="${index}"><button type="submit" name="action" value="${action}" class="link">${label}</button>`, { className: "inline" });
  const search = data.search;
  return html`<section aria-labelledby="blocks-heading"><h2 id="blocks-heading">${t("newsletters.issues.blocks.heading")}</h2>
${data.blocks.length
  ? html`<ol class="newsletter-blocks">${data.blocks.map((block, index) => html`<li>
      <strong>${block.label}</strong>: ${block.text}${block.isMissing ? html` <em>${t("newsletters.issues.block.missing")}</em>` : ""}
      <div class="block-actions">${index > 0 ? move(index, "up", t("newsletters.issues.block.up")) : ""}${index < data.blocks.length - 1 ? move(index, "down", t("newsletters.issues.block.down")) : ""}${move(index, "remove", t("newsletters.issues.block.remove"))}</div>
    </li>`)}</ol>`
  : html`<p>${t("newsletters.issues.blocks.empty")}</p>`}
<h3>${t("newsletters.issues.block.add_text")}</h3>
${postForm(view, target, html`<input type="hidden" name="action" value="add_text">
  ${localizedFields(view, { values: data.form.values, errors: data.form.errors }, { name: "body", label: t("newsletters.issues.block.body"), isMultiline: true, rows: 4 })}
  <button type="submit">${t("newsletters.issues.block.add_text")}</button>`)}
<h3 id="find-heading">${t("newsletters.issues.block.find_heading")}</h3>
${data.sources.length
  ? html`<form method="get" action="${base(data.space)}/${newsletter.id}#find-heading" class="inline-search">
    <div class="field"><label for="find-kind">${t("newsletters.issues.block.kind")}</label>
      <select id="find-kind" name="kind">${data.sources.map((source) => html`<option value="${source.kind}"${search?.kind === source.kind ? html` selected` : ""}>${source.label}</option>`)}</select></div>
    <div class="field"><label for="find-query">${t("newsletters.issues.block.query")}</label><input type="search" id="find-query" name="q" value="${search?.query ?? ""}"></div>
    <button type="submit" class="secondary">${t("newsletters.issues.block.find")}</button>
  </form>
  ${search
    ? search.results.length
      ? html`<ul class="find-results">${search.results.map((card) => html`<li>${postForm(view, target, html`<input type="hidden" name="action" value="add_item"><input type="hidden" name="kind" value="${card.kind}"><input type="hidden" name="itemId" value="${card.id}">
          <button type="submit" class="link">${t("newsletters.issues.block.add", { title: localizedString(card.title, view.locale) })}</button>`)}</li>`)}</ul>`
      : html`<p>${t("newsletters.issues.block.no_results")}</p>`
    : ""}`
  : html`<p>${t("newsletters.issues.block.no_sources")}</p>`}
</section>`;
}

function actionsSection(view: ViewContext, data: ComposeData, newsletter: Newsletter): SafeHtml {
  const { t } = view;
  const at = `${base(data.space)}/${newsletter.id}`;
  const zone = typeof data.form.values.timeZone === "string" ? data.form.values.timeZone : "UTC";
  const scheduleError = data.form.errors.scheduledAt ?? data.form.errors.timeZone;
  return html`<section aria-labelledby="actions-heading"><h2 id="actions-heading">${t("newsletters.issues.actions.heading")}</h2>
${postForm(view, `${at}/test`, html`<p class="hint">${t("newsletters.issues.test_hint")}</p><button type="submit" class="secondary">${t("newsletters.issues.test_button")}</button>`)}
<h3>${t("newsletters.issues.schedule.heading")}</h3>
${postForm(view, `${at}/schedule`, html`
  ${scheduleError ? html`<p class="field-error" role="alert">${t(scheduleError.key, scheduleError.values)}</p>` : ""}
  <div class="field"><label for="${fieldId("scheduledAt")}">${t("newsletters.issues.schedule.at")}</label>
    <input type="datetime-local" id="${fieldId("scheduledAt")}" name="scheduledAt" value="${typeof data.form.values.scheduledAt === "string" ? data.form.values.scheduledAt : ""}"${data.form.errors.scheduledAt ? html` aria-invalid="true"` : ""}></div>
  <div class="field"><label for="${fieldId("timeZone")}">${t("newsletters.issues.schedule.zone")}</label>
    <select id="${fieldId("timeZone")}" name="timeZone">${data.zones.map((name) => html`<option${name === zone ? html` selected` : ""}>${name}</option>`)}</select></div>
  <button type="submit" class="secondary">${t("newsletters.issues.schedule.button")}</button>`)}
${postForm(view, `${at}/send`, html`<button type="submit">${t("newsletters.issues.send_now")}</button>`)}
${postForm(view, `${at}/cancel`, html`<button type="submit" class="danger">${t("newsletters.issues.cancel")}</button>`)}
</section>`;
}
