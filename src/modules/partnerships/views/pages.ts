import { countryName, listCountries } from "../../../platform/countries";
import { html, type HtmlValue, type SafeHtml } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { localize, localizedString, type LocalizedText } from "../../../platform/i18n/localized";
import { contactPath } from "../../../platform/relay/kinds";
import { checkboxPicker, countryPicker, type PickerGroup } from "../../../platform/views/checkbox-picker";
import { errorSummary, localizedFields, postForm, selectField, textField, type FormState } from "../../../platform/views/forms";
import { badge, pageHeader } from "../../../platform/views/components";
import { renderPage } from "../../../platform/views/layout";
import { localizedLabel, localizedParagraphs, localizedText } from "../../../platform/views/localized";
import { SPOKEN_LANGUAGES, spokenLanguageName } from "../../knowledge/experts/languages";
import type { UserOrganisation } from "../../organisations/queries";
import type { FrameworkItem, FrameworkRef } from "../../spaces/queries";
import type { Explanation, SuggestedPair, Suggestion } from "../matching";
import { partnershipsPath, postPath, type PostFilters, type PostView } from "../queries";
import { PARTNERSHIP_KINDS, PARTNERSHIP_SIDES } from "../schema";

type SpaceRef = { slug: string; title: LocalizedText };
type Targets = { groups: { framework: FrameworkRef; items: FrameworkItem[] }[]; byId: Map<string, FrameworkItem> };

const crumbs = (view: ViewContext, space: SpaceRef) => [
  { label: view.t("nav.spaces"), href: "/spaces" },
  { label: localize(space.title, view.locale), href: `/spaces/${space.slug}` },
  { label: view.t("partnerships.title"), href: partnershipsPath(space.slug) },
];

const targetLabel = (view: ViewContext, item: FrameworkItem): string => `${item.number ? `${item.number}. ` : ""}${localize(item.label, view.locale).text}`;

function targetGroups(view: ViewContext, targets: Targets): PickerGroup[] {
  return targets.groups.map((group) => ({ label: localizedString(group.framework.name, view.locale), choices: group.items.map((item) => ({ value: item.id, label: targetLabel(view, item) })) }));
}

/** The form's fields; the organisation is chosen only when publishing (an edit keeps it). */
function postFields(view: ViewContext, form: FormState, targets: Targets, organisations: UserOrganisation[] | null): SafeHtml {
  const { t } = view;
  return html`${organisations
    ? selectField(view, form, { name: "organisation_id", label: t("partnerships.field.organisation"), isRequired: true, choices: organisations.map((organisation) => ({ value: organisation.id, label: localizedString(organisation.name, view.locale) })) })
    : ""}
  ${selectField(view, form, { name: "side", label: t("partnerships.field.side"), isRequired: true, choices: PARTNERSHIP_SIDES.map((side) => ({ value: side, label: t(`partnerships.side.${side}`) })) })}
  ${selectField(view, form, { name: "kind", label: t("partnerships.field.kind"), isRequired: true, choices: PARTNERSHIP_KINDS.map((kind) => ({ value: kind, label: t(`partnerships.kind.${kind}`) })) })}
  ${localizedFields(view, form, { name: "title", label: t("partnerships.field.title"), isRequired: true })}
  ${localizedFields(view, form, { name: "description", label: t("partnerships.field.description"), isMultiline: true, rows: 4 })}
  ${targets.groups.length ? checkboxPicker(view, form, { name: "target_ids", legend: t("partnerships.field.targets"), hint: t("partnerships.field.targets_hint"), groups: targetGroups(view, targets), filterLabel: t("partnerships.field.targets_filter") }) : ""}
  ${countryPicker(view, form, { name: "countries", legend: t("partnerships.field.countries"), hint: t("partnerships.field.countries_hint") })}
  ${checkboxPicker(view, form, { name: "languages", legend: t("partnerships.field.languages"), hint: t("partnerships.field.languages_hint"), groups: [{ label: "", choices: SPOKEN_LANGUAGES.map((code) => ({ value: code, label: spokenLanguageName(code, view.locale) })) }] })}
  ${textField(view, form, { name: "until_on", type: "date", label: t("partnerships.field.until_on"), hint: t("partnerships.field.until_on_hint") })}`;
}

const formLabels = (view: ViewContext): Record<string, string> => {
  const { t } = view;
  return {
    organisation_id: t("partnerships.field.organisation"), side: t("partnerships.field.side"), kind: t("partnerships.field.kind"), title: t("partnerships.field.title"),
    description: t("partnerships.field.description"), target_ids: t("partnerships.field.targets"), countries: t("partnerships.field.countries"),
    languages: t("partnerships.field.languages"), until_on: t("partnerships.field.until_on"),
  };
};

/** "Offer · Funding · until 1 Mar 2027" and the state when it is not simply out. */
function postTags(view: ViewContext, post: PostView, now: Date): SafeHtml {
  const { t, format } = view;
  const expired = post.untilOn !== null && post.untilOn < now.toISOString().slice(0, 10);
  return html`<p><span class="tag">${t(`partnerships.side.${post.side}`)}</span> <span class="tag">${t(`partnerships.kind.${post.kind}`)}</span>
  ${post.untilOn ? html` <span>${t("partnerships.until", { date: format.date(`${post.untilOn}T00:00:00Z`) })}</span>` : ""}
  ${post.status === "withdrawn" ? html` <strong>${t("partnerships.state.withdrawn")}</strong>` : post.moderationStatus === "held" ? html` <strong>${t("partnerships.state.held")}</strong>` : expired ? html` <strong>${t("partnerships.state.expired")}</strong>` : ""}</p>`;
}

function explanation(view: ViewContext, targets: Targets, reasons: Explanation): SafeHtml {
  const { t } = view;
  const parts: HtmlValue[] = [];
  if (reasons.sharedTargets.length) parts.push(html`${t("partnerships.why.targets")}: ${reasons.sharedTargets.map((id, at) => html`${at ? "; " : ""}${targets.byId.get(id) ? targetLabel(view, targets.byId.get(id)!) : id}`)}`);
  if (reasons.sharedCountries.length) parts.push(html`${t("partnerships.why.countries")}: ${reasons.sharedCountries.map((code) => countryName(code, view.locale)).join(", ")}`);
  parts.push(html`${t("partnerships.why.languages")}: ${reasons.sharedLanguages.map((code) => spokenLanguageName(code, view.locale)).join(", ")}`);
  parts.push(html`${reasons.isKindCompatible ? t("partnerships.why.kind_fits") : t("partnerships.why.kind_differs")}`);
  return html`<ul class="partnership-why">${parts.map((part) => html`<li>${part}</li>`)}</ul>`;
}

const percent = (score: number) => Math.round(Math.max(0, Math.min(1, score)) * 100);

export type ListPageData = {
  space: SpaceRef;
  posts: PostView[];
  filters: PostFilters;
  targets: Targets;
  pairs: SuggestedPair[];
  /** Organisations the viewer administers (may publish for); null when signed out. */
  organisations: UserOrganisation[] | null;
  form: FormState;
  now: Date;
  feedNote?: string;
};

function filterForm(view: ViewContext, data: ListPageData): SafeHtml {
  const { t } = view;
  const select = (name: string, label: string, choices: { value: string; label: string }[], current: string | undefined, groups?: PickerGroup[]) => html`<div class="field">
    <label for="filter-${name}">${label}</label>
    <select id="filter-${name}" name="${name}"><option value="">${t("partnerships.filter.any")}</option>
    ${groups
      ? groups.map((group) => html`<optgroup label="${group.label}">${group.choices.map((choice) => html`<option value="${choice.value}"${choice.value === current ? html` selected` : ""}>${choice.label}</option>`)}</optgroup>`)
      : choices.map((choice) => html`<option value="${choice.value}"${choice.value === current ? html` selected` : ""}>${choice.label}</option>`)}</select></div>`;
  const { filters } = data;
  return html`<form method="get" class="filters" action="${partnershipsPath(data.space.slug)}" aria-label="${t("partnerships.filter.label")}">
  ${select("side", t("partnerships.field.side"), PARTNERSHIP_SIDES.map((side) => ({ value: side, label: t(`partnerships.side.${side}`) })), filters.side)}
  ${select("kind", t("partnerships.field.kind"), PARTNERSHIP_KINDS.map((kind) => ({ value: kind, label: t(`partnerships.kind.${kind}`) })), filters.kind)}
  ${data.targets.groups.length ? select("target", t("partnerships.filter.target"), [], filters.target, targetGroups(view, data.targets)) : ""}
  ${select("country", t("partnerships.filter.country"), listCountries(view.locale).map((country) => ({ value: country.code, label: country.name })), filters.country)}
  ${select("language", t("partnerships.filter.language"), SPOKEN_LANGUAGES.map((code) => ({ value: code, label: spokenLanguageName(code, view.locale) })), filters.language)}
  <div class="field"><button type="submit">${t("partnerships.filter.apply")}</button></div>
</form>`;
}

/** /spaces/:slug/partnerships — offers and needs with filters, the suggested pairs, and the form to publish. */
export function listPage(view: ViewContext, data: ListPageData): string {
  const { t } = view;
  const { space } = data;
  return renderPage(view, {
    title: `${t("partnerships.title")} · ${localize(space.title, view.locale).text}`,
    breadcrumbs: [...crumbs(view, space).slice(0, 2), { label: view.t("partnerships.title") }],
    body: html`<h1>${t("partnerships.title")}</h1>
<p class="lead">${t("partnerships.lead")}</p>
${filterForm(view, data)}
<h2>${t("partnerships.list.heading", { count: data.posts.length })}</h2>
${data.posts.length
  ? html`<ul class="cards">${data.posts.map((post) => html`<li class="card"><h3><a href="${postPath(space.slug, post.id)}">${localizedText(view, post.title)}</a></h3>
    ${postTags(view, post, data.now)}<p>${localizedLabel(view, post.organisationName)}</p></li>`)}</ul>`
  : html`<p class="muted">${t("partnerships.list.none")}</p>`}
<section aria-labelledby="pairs-heading"><h2 id="pairs-heading">${t("partnerships.pairs.heading")}</h2>
<p class="hint">${t("partnerships.pairs.hint")}</p>
${data.pairs.length
  ? html`<ul>${data.pairs.map((pair) => html`<li><a href="${postPath(space.slug, pair.need.id)}">${localizedText(view, pair.need.title)}</a> (${localizedLabel(view, pair.need.organisationName)})
    ↔ <a href="${postPath(space.slug, pair.offer.id)}">${localizedText(view, pair.offer.title)}</a> (${localizedLabel(view, pair.offer.organisationName)})
    — ${t("partnerships.fit", { percent: percent(pair.score) })}${explanation(view, data.targets, pair.explanation)}</li>`)}</ul>`
  : html`<p class="muted">${t("partnerships.pairs.none")}</p>`}</section>
<section aria-labelledby="publish-heading"><h2 id="publish-heading">${t("partnerships.publish.heading")}</h2>
${data.organisations === null
  ? html`<p><a href="/login?next=${encodeURIComponent(partnershipsPath(space.slug))}">${t("partnerships.publish.sign_in")}</a></p>`
  : data.organisations.length
    ? html`${errorSummary(view, data.form, formLabels(view))}
  ${postForm(view, `${partnershipsPath(space.slug)}/new#publish-heading`, html`${postFields(view, data.form, data.targets, data.organisations)}<button type="submit">${t("partnerships.publish.submit")}</button>`)}`
    : html`<p class="muted">${t("partnerships.publish.no_organisation")}</p>`}
</section>`,
  });
}

export type PostPageData = {
  space: SpaceRef;
  post: PostView;
  targets: Targets;
  suggestions: Suggestion[];
  isLive: boolean;
  /** The viewer administers the post's organisation: may edit and withdraw. */
  canEdit: boolean;
  /** Whether the viewer may send a contact request (signed in, not one of its admins). */
  canContact: boolean;
  isSignedIn: boolean;
  form: FormState;
  now: Date;
};

/** One offer or need: what it is, its suggested counterparts with why, the contact request, and its edit form for its organisation. */
export function postPage(view: ViewContext, data: PostPageData): string {
  const { t } = view;
  const { space, post } = data;
  const title = localize(post.title, view.locale);
  const path = postPath(space.slug, post.id);
  const isExpired = post.untilOn !== null && post.untilOn < data.now.toISOString().slice(0, 10);
  return renderPage(view, {
    title: title.text,
    breadcrumbs: [...crumbs(view, space), { label: title }],
    body: html`${pageHeader({
  kind: html`${t(`partnerships.side.${post.side}`)} · ${t(`partnerships.kind.${post.kind}`)}`,
  title: localizedText(view, post.title),
  status: post.status === "withdrawn"
    ? badge(t("partnerships.state.withdrawn"), "neutral")
    : post.moderationStatus === "held" ? badge(t("partnerships.state.held"), "warning") : isExpired ? badge(t("partnerships.state.expired"), "neutral") : undefined,
  facts: [
    html`${t("partnerships.by")} <a href="/organisations/${post.organisationSlug}">${localizedLabel(view, post.organisationName)}</a>`,
    post.untilOn ? t("partnerships.until", { date: view.format.date(`${post.untilOn}T00:00:00Z`) }) : "",
  ],
  // One next step: its organisation keeps it current; anyone else answers it through the relay (after signing in).
  primary: data.canEdit && post.status !== "withdrawn"
    ? { label: t("partnerships.edit.heading"), href: "#edit-heading" }
    : data.isLive && data.canContact
      ? { label: t("partnerships.contact"), href: contactPath("partnership", post.id) }
      : data.isLive && !data.isSignedIn ? { label: t("partnerships.contact_sign_in"), href: `/login?next=${encodeURIComponent(path)}` } : undefined,
})}
${data.isLive && data.canContact ? html`<p class="hint">${t("partnerships.contact_hint")}</p>` : ""}
${post.moderationStatus === "held" && data.canEdit ? html`<p class="notice">${t("partnerships.notice.held")}</p>` : ""}
${localizedParagraphs(view, post.description)}
<dl>
  ${post.targetIds.length ? html`<dt>${t("partnerships.field.targets")}</dt><dd><ul>${post.targetIds.map((id) => html`<li>${data.targets.byId.get(id) ? targetLabel(view, data.targets.byId.get(id)!) : id}</li>`)}</ul></dd>` : ""}
  <dt>${t("partnerships.field.countries")}</dt><dd>${post.countries.length ? post.countries.map((code) => countryName(code, view.locale)).join(", ") : t("partnerships.anywhere")}</dd>
  <dt>${t("partnerships.field.languages")}</dt><dd>${post.languages.map((code) => spokenLanguageName(code, view.locale)).join(", ")}</dd>
</dl>
<section aria-labelledby="suggested-heading"><h2 id="suggested-heading">${t(post.side === "offer" ? "partnerships.suggested.needs" : "partnerships.suggested.offers")}</h2>
${data.suggestions.length
  ? html`<ul>${data.suggestions.map((suggestion) => html`<li><a href="${postPath(space.slug, suggestion.post.id)}">${localizedText(view, suggestion.post.title)}</a>
    (${localizedLabel(view, suggestion.post.organisationName)}, ${t(`partnerships.kind.${suggestion.post.kind}`)}) — ${t("partnerships.fit", { percent: percent(suggestion.score) })}
    ${explanation(view, data.targets, suggestion.explanation)}</li>`)}</ul>`
  : html`<p class="muted">${t("partnerships.suggested.none")}</p>`}</section>
${data.canEdit && post.status !== "withdrawn"
  ? html`<section aria-labelledby="edit-heading"><h2 id="edit-heading">${t("partnerships.edit.heading")}</h2>
  ${errorSummary(view, data.form, formLabels(view))}
  ${postForm(view, `${path}/edit#edit-heading`, html`${postFields(view, data.form, data.targets, null)}<button type="submit">${t("partnerships.edit.submit")}</button>`)}
  ${postForm(view, `${path}/withdraw`, html`<p><button type="submit" class="secondary">${t("partnerships.withdraw")}</button></p>`)}</section>`
  : ""}`,
  });
}
