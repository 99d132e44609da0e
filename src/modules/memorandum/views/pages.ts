import { atomLink, listFeedPath } from "../../../platform/feeds/atom";
import { countryName, listCountries } from "../../../platform/countries";
import { html, raw, type SafeHtml } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { moduleStylesheet } from "../../../platform/http/module-stylesheet";
import { localize, localizedString, type LocalizedText } from "../../../platform/i18n/localized";
import { errorSummary, localizedFields, postForm, textArea, type FormState } from "../../../platform/views/forms";
import { renderPage, type Breadcrumb } from "../../../platform/views/layout";
import { languageName, localizedText, langAttributes } from "../../../platform/views/localized";
import type { DiffLine } from "../../../platform/text-diff/line-diff";
import { actorTypeLabel } from "../../organisations/actor-types";
import { memorandumPath, ROSTER_STANDINGS, type MemorandumVersion, type RosterEntry, type RosterFilters, type Signature } from "../queries";

// The few styles the memorandum adds to convene.css: the text's measure, the signing panel, roster entries.
export const MEMORANDUM_STYLES = moduleStylesheet(
  "memorandum",
  `.memorandum-text{max-width:45rem;border-inline-start:4px solid var(--line);padding-inline-start:1rem;margin:1rem 0 2rem}
.memorandum-text table{display:block;overflow-x:auto}
.memorandum-panel{border:1px solid var(--line);border-radius:var(--radius);padding:.75rem 1rem;margin:0 0 1rem;background:#fff}
.memorandum-panel form{margin:.5rem 0}
.memorandum-roster{list-style:none;padding:0;margin:1rem 0}
.memorandum-roster>li{border-bottom:1px solid var(--line);padding:.75rem 0}
@media print{.memorandum-roster>li{break-inside:avoid}}
.memorandum-roster h2{margin:0 0 .25rem;font-size:1.1rem}
.memorandum-roster ul{margin:.25rem 0 0;padding-inline-start:1.25rem}
.memorandum-roster .tag{border-radius:.5rem}
`,
);

type SpaceRef = { slug: string; title: LocalizedText };

const crumbs = (view: ViewContext, space: SpaceRef, isLinked: boolean): Breadcrumb[] => [
  { label: view.t("nav.spaces"), href: "/spaces" },
  { label: localize(space.title, view.locale), href: `/spaces/${space.slug}` },
  { label: view.t("memorandum.title"), ...(isLinked ? { href: memorandumPath(space.slug) } : {}) },
];

/** The version's text in the page language (or its fallback, marked with its language): HTML rendered when it was published. */
function versionText(view: ViewContext, version: MemorandumVersion): SafeHtml {
  const shown = localize(version.bodyHtml, view.locale);
  // trusted: rendered at publication by the secretariat's Markdown subset, which escapes raw HTML (publish-version.ts)
  return html`<div class="memorandum-text prose"${shown.isFallback ? langAttributes(view, shown.locale) : ""}>${raw(shown.text)}</div>`;
}

export type SignerOrganisation = { id: string; name: LocalizedText; signature: Signature | undefined };

export type MemorandumPageData = {
  space: SpaceRef;
  version: MemorandumVersion | undefined;
  signatoryCount: number;
  canPublish: boolean;
  /** The viewer's organisations they administer, with their signatures; null when signed out. */
  signer: SignerOrganisation[] | null;
  /** The withdraw form after a failed post (which organisation, what was typed). */
  withdrawForm: FormState | null;
  publishForm: FormState;
};

function signingPanel(view: ViewContext, data: MemorandumPageData, version: MemorandumVersion): SafeHtml {
  const { t, format } = view;
  const path = memorandumPath(data.space.slug);
  if (!data.signer) return html`<p class="notice">${t("memorandum.sign.sign_in")} <a href="/login?next=${encodeURIComponent(path)}">${t("nav.login")}</a></p>`;
  if (!data.signer.length) return html`<p class="muted">${t("memorandum.sign.none")}</p>`;
  const blocks = data.signer.map((organisation) => {
    const name = localizedString(organisation.name, view.locale);
    const signature = organisation.signature;
    const hidden = html`<input type="hidden" name="organisation_id" value="${organisation.id}">`;
    const signForm = (label: string) => postForm(view, `${path}/sign`, html`${hidden}<button type="submit">${label}</button>`);
    const isWithdrawFormFor = data.withdrawForm?.values.organisation_id === organisation.id;
    const withdrawForm = (form: FormState) =>
      html`<details${isWithdrawFormFor ? html` open` : ""}><summary>${t("memorandum.withdraw.title")}</summary>
      ${postForm(view, `${path}/withdraw`, html`${hidden}${textArea(view, form, { name: "reason", label: t("memorandum.withdraw.reason"), rows: 3 })}
        <button type="submit" class="secondary">${t("memorandum.withdraw.button", { organisation: name })}</button>`)}</details>`;
    const form = isWithdrawFormFor && data.withdrawForm ? data.withdrawForm : { values: {}, errors: {} };
    if (!signature) return html`<div class="memorandum-panel"><p>${t("memorandum.sign.confirm", { version: version.version })}</p>${signForm(t("memorandum.sign.button", { version: version.version, organisation: name }))}</div>`;
    if (signature.status === "withdrawn") {
      return html`<div class="memorandum-panel"><p>${t("memorandum.sign.status_withdrawn", { organisation: name, date: format.date(signature.withdrawnAt ?? signature.signedAt) })}</p>
      <p>${t("memorandum.sign.confirm", { version: version.version })}</p>${signForm(t("memorandum.sign.again_button", { organisation: name }))}</div>`;
    }
    if (signature.version < version.version) {
      return html`<div class="memorandum-panel"><p class="notice">${t("memorandum.sign.status_earlier", { organisation: name, version: signature.version, date: format.date(signature.signedAt) })}
        <a href="${path}/versions/${version.version}/changes">${t("memorandum.links.changes")}</a></p>
      ${signForm(t("memorandum.sign.resign_button", { organisation: name, version: version.version }))}${withdrawForm(form)}</div>`;
    }
    return html`<div class="memorandum-panel"><p>${t("memorandum.sign.status_current", { organisation: name, date: format.date(signature.signedAt) })}</p>${withdrawForm(form)}</div>`;
  });
  return html`${data.withdrawForm ? errorSummary(view, data.withdrawForm, { reason: t("memorandum.withdraw.reason") }) : ""}${blocks}`;
}

/** /spaces/:slug/memorandum — the current text, who signed, signing for the viewer's organisations, publishing for coordinators. */
export function memorandumPage(view: ViewContext, data: MemorandumPageData): string {
  const { t, format } = view;
  const { version, space } = data;
  const path = memorandumPath(space.slug);
  const next = (version?.version ?? 0) + 1;
  return renderPage(view, {
    title: `${t("memorandum.title")} · ${localize(space.title, view.locale).text}`,
    breadcrumbs: crumbs(view, space, false),
    head: html`${MEMORANDUM_STYLES.link()}${atomLink(listFeedPath(`${path}/signatories`), t("memorandum.roster.feed"))}`,
    body: html`<h1>${t("memorandum.title")}</h1>
<p class="lead">${t("memorandum.lead")}</p>
${version
  ? html`<p><span class="tag">${t("memorandum.version_of", { version: version.version, date: format.date(version.publishedAt) })}</span>
  ${version.version > 1 ? html` <a href="${path}/versions/${version.version}/changes">${t("memorandum.links.changes")}</a> ·` : ""}
  <a href="${path}/versions">${t("memorandum.links.versions")}</a></p>
${versionText(view, version)}
<p><a href="${path}/signatories">${t("memorandum.links.roster")}</a> — ${t("memorandum.signatory_count", { count: data.signatoryCount })}</p>
<section aria-labelledby="memorandum-sign"><h2 id="memorandum-sign">${t("memorandum.sign.title")}</h2>
<p class="hint">${t("memorandum.sign.hint")}</p>
${signingPanel(view, data, version)}</section>`
  : html`<p class="muted">${t("memorandum.no_text")}</p>`}
${data.canPublish
  ? html`<section aria-labelledby="memorandum-publish"><h2 id="memorandum-publish">${t(version ? "memorandum.publish.title" : "memorandum.publish.first_title")}</h2>
  ${errorSummary(view, data.publishForm, { body: t("memorandum.publish.body"), change_summary: t("memorandum.publish.summary") })}
  ${postForm(view, `${path}/versions`, html`<p class="hint">${t("memorandum.publish.hint")}</p>
    ${localizedFields(view, data.publishForm, { name: "body", label: t("memorandum.publish.body"), isRequired: true, isMultiline: true, rows: 14 })}
    ${localizedFields(view, data.publishForm, { name: "change_summary", label: t("memorandum.publish.summary"), hint: t("memorandum.publish.summary_hint"), isRequired: Boolean(version), isMultiline: true, rows: 2 })}
    <button type="submit">${t("memorandum.publish.button", { version: next })}</button>`)}</section>`
  : ""}`,
  });
}

/** /spaces/:slug/memorandum/versions — every version with its summary, newest first. */
export function versionsPage(view: ViewContext, space: SpaceRef, versions: Pick<MemorandumVersion, "version" | "changeSummary" | "publishedAt">[]): string {
  const { t, format } = view;
  const path = memorandumPath(space.slug);
  const newest = versions[0]?.version;
  return renderPage(view, {
    title: `${t("memorandum.versions.title")} · ${localize(space.title, view.locale).text}`,
    head: MEMORANDUM_STYLES.link(),
    breadcrumbs: [...crumbs(view, space, true), { label: t("memorandum.versions.title") }],
    body: html`<h1>${t("memorandum.versions.title")}</h1>
${versions.length
  ? html`<ol class="memorandum-roster" reversed>${versions.map((version) => html`<li>
    <h2>${t("memorandum.version_of", { version: version.version, date: format.date(version.publishedAt) })}${version.version === newest ? html` <span class="tag">${t("memorandum.versions.current")}</span>` : ""}</h2>
    <p>${version.version === 1 && !Object.keys(version.changeSummary).length ? t("memorandum.versions.first") : localizedText(view, version.changeSummary)}</p>
    <p><a href="${path}/versions/${version.version}">${t("memorandum.versions.view")}</a>${version.version > 1 ? html` · <a href="${path}/versions/${version.version}/changes">${t("memorandum.versions.compare", { previous: version.version - 1 })}</a>` : ""}</p>
  </li>`)}</ol>`
  : html`<p class="muted">${t("memorandum.no_text")}</p>`}`,
  });
}

/** /spaces/:slug/memorandum/versions/:version — one version's text as published. */
export function versionPage(view: ViewContext, space: SpaceRef, version: MemorandumVersion, currentNumber: number): string {
  const { t, format } = view;
  const path = memorandumPath(space.slug);
  const label = t("memorandum.version", { version: version.version });
  return renderPage(view, {
    title: `${label} · ${t("memorandum.title")}`,
    head: MEMORANDUM_STYLES.link(),
    breadcrumbs: [...crumbs(view, space, true), { label: t("memorandum.versions.title"), href: `${path}/versions` }, { label }],
    body: html`<h1>${t("memorandum.title")}: ${label}</h1>
<p class="muted">${format.date(version.publishedAt)}${Object.keys(version.changeSummary).length ? html` · ${localizedText(view, version.changeSummary)}` : ""}</p>
${version.version !== currentNumber ? html`<p class="notice">${t("memorandum.versions.old_notice", { current: currentNumber })} <a href="${path}">${t("memorandum.versions.see_current")}</a></p>` : ""}
${versionText(view, version)}`,
  });
}

function diffLine(line: DiffLine): SafeHtml {
  if (line.kind === "added") return html`<ins>+ ${line.text}</ins>\n`;
  if (line.kind === "removed") return html`<del>− ${line.text}</del>\n`;
  return html`  ${line.text}\n`;
}

/** /spaces/:slug/memorandum/versions/:version/changes — the line diff of the Markdown from the previous version, in one language. */
export function changesPage(view: ViewContext, space: SpaceRef, data: { from: number; to: MemorandumVersion; language: string; lines: DiffLine[] }): string {
  const { t } = view;
  const path = memorandumPath(space.slug);
  const title = t("memorandum.changes.title", { from: data.from, to: data.to.version });
  const changed = data.lines.filter((line) => line.kind !== "same").length;
  return renderPage(view, {
    title,
    breadcrumbs: [...crumbs(view, space, true), { label: t("memorandum.versions.title"), href: `${path}/versions` }, { label: title }],
    body: html`<h1>${title}</h1>
${Object.keys(data.to.changeSummary).length ? html`<h2>${t("memorandum.changes.summary")}</h2><p>${localizedText(view, data.to.changeSummary)}</p>` : ""}
<p>${t("memorandum.changes.language", { language: languageName(data.language, view.locale) })}. ${t("memorandum.changes.count", { count: changed })} ${t("memorandum.changes.legend")}</p>
<pre class="source diff" lang="${data.language}">${data.lines.map(diffLine)}</pre>
<p><a href="${path}/versions/${data.to.version}">${t("memorandum.versions.view")}: ${t("memorandum.version", { version: data.to.version })}</a></p>`,
  });
}

export type RosterPageData = {
  space: SpaceRef;
  version: MemorandumVersion | undefined;
  filters: RosterFilters;
  choices: { actorTypes: string[]; countries: string[] };
  signed: RosterEntry[];
  withdrawn: RosterEntry[];
  query: string;
};

function rosterFilters(view: ViewContext, data: RosterPageData): SafeHtml {
  const { t } = view;
  const select = (name: string, label: string, choices: { value: string; label: string }[], current: string) => html`<div class="field">
    <label for="filter-${name}">${label}</label>
    <select id="filter-${name}" name="${name}"><option value="">${t("memorandum.roster.any")}</option>
    ${choices.map((choice) => html`<option value="${choice.value}"${choice.value === current ? html` selected` : ""}>${choice.label}</option>`)}</select></div>`;
  const countries = new Set(data.choices.countries);
  return html`<form method="get" class="filters" action="${memorandumPath(data.space.slug)}/signatories" aria-label="${t("memorandum.roster.filters")}">
  ${select("actor_type", t("memorandum.roster.actor_type"), data.choices.actorTypes.map((key) => ({ value: key, label: actorTypeLabel(key, view.locale) })), data.filters.actorType)}
  ${select("country", t("memorandum.roster.country"), listCountries(view.locale).filter((country) => countries.has(country.code)).map((country) => ({ value: country.code, label: country.name })), data.filters.country)}
  ${select("standing", t("memorandum.roster.standing"), ROSTER_STANDINGS.map((value) => ({ value, label: t(`memorandum.roster.standing.${value}`) })), data.filters.standing)}
  <div class="field"><button type="submit">${t("memorandum.roster.apply")}</button></div>
</form>`;
}

function rosterEntry(view: ViewContext, spaceSlug: string, entry: RosterEntry): SafeHtml {
  const { t, format } = view;
  const profile = entry.organisation;
  return html`<li id="signatory-${profile.slug}">
  <h2><a href="/organisations/${profile.slug}">${localizedText(view, profile.name)}</a></h2>
  <p>${actorTypeLabel(profile.actorType, view.locale)}${profile.country ? html` · ${countryName(profile.country, view.locale)}` : ""} ·
    ${t("memorandum.roster.signed_on", { version: entry.version, date: format.date(entry.signedAt) })}
    ${entry.isEarlierVersion ? html`<br><span class="tag">${t("memorandum.roster.earlier")}</span>` : ""}</p>
  <p class="muted">${t("memorandum.roster.activities")}:</p>
  ${entry.activities.length
    ? html`<ul>${entry.activities.map((activity) => html`<li><a href="/spaces/${spaceSlug}/commitments/${activity.number}">${localizedText(view, activity.title)}</a> <span class="tag">${t(`commitment.browse.stage.${activity.stage}`)}</span></li>`)}</ul>`
    : html`<p class="muted">${t("memorandum.roster.no_activities")}</p>`}
</li>`;
}

/** /spaces/:slug/memorandum/signatories — the public roster with filters, CSV and the Atom feed of signings. */
export function rosterPage(view: ViewContext, data: RosterPageData): string {
  const { t, format } = view;
  const path = `${memorandumPath(data.space.slug)}/signatories`;
  return renderPage(view, {
    title: `${t("memorandum.roster.title")} · ${localize(data.space.title, view.locale).text}`,
    head: html`${MEMORANDUM_STYLES.link()}${atomLink(listFeedPath(path), t("memorandum.roster.feed"))}`,
    breadcrumbs: [...crumbs(view, data.space, true), { label: t("memorandum.roster.title") }],
    body: html`<h1>${t("memorandum.roster.title")}</h1>
<p class="lead">${t("memorandum.roster.lead")}</p>
${data.version ? html`<p><span class="tag">${t("memorandum.version_of", { version: data.version.version, date: format.date(data.version.publishedAt) })}</span></p>` : ""}
${rosterFilters(view, data)}
<p>${t("memorandum.signatory_count", { count: data.signed.length })} · <a href="${path}.csv${data.query}">${t("memorandum.roster.csv")}</a> · <a href="${listFeedPath(path)}">${t("memorandum.roster.feed")}</a></p>
${data.signed.length ? html`<ul class="memorandum-roster">${data.signed.map((entry) => rosterEntry(view, data.space.slug, entry))}</ul>` : html`<p class="muted">${t("memorandum.roster.none")}</p>`}
${data.withdrawn.length
  ? html`<section aria-labelledby="memorandum-withdrawn"><h2 id="memorandum-withdrawn">${t("memorandum.roster.withdrawn_title")}</h2>
  <ul>${data.withdrawn.map((entry) => html`<li><a href="/organisations/${entry.organisation.slug}">${localizedText(view, entry.organisation.name)}</a> — ${t("memorandum.roster.withdrawn_on", { date: format.date(entry.withdrawnAt ?? entry.signedAt) })}${entry.withdrawalReason ? html`. ${t("memorandum.roster.reason", { reason: entry.withdrawalReason })}` : ""}</li>`)}</ul></section>`
  : ""}`,
  });
}
