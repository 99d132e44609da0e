import { readFileSync } from "node:fs";
import { html } from "../../html";
import type { ViewContext } from "../../http/context";
import type { CatalogCompleteness } from "../../i18n/catalog-files";
import { LOCALES } from "../../i18n/locales";
import { scrollableTable } from "../../views/table";
import { adminPage } from "./shared";

/** Who wrote each language and whether a native speaker has reviewed it (src/platform/locales/review.json). */
const REVIEW = (JSON.parse(readFileSync(new URL("../../locales/review.json", import.meta.url), "utf8")) as { languages: Record<string, string> }).languages;
const REVIEW_STATES = new Set(["written", "awaiting_review", "reviewed"]);

/**
 * /admin/languages: how complete each interface language is, overall and per catalog (the platform's and each
 * module's), so a secretariat knows what its translators still have to do. Untranslated messages are shown in
 * English, and pages say so.
 */
export function languagesPage(view: ViewContext, catalogs: readonly CatalogCompleteness[]): string {
  const { t, format } = view;
  const total = catalogs.reduce((sum, catalog) => sum + catalog.total, 0);
  const translated = (code: string) => catalogs.reduce((sum, catalog) => sum + Math.min(catalog.translated[code] ?? 0, catalog.total), 0);
  const percent = (part: number, whole: number) => (whole === 0 ? 100 : Math.floor((part / whole) * 1000) / 10);
  const share = (part: number, whole: number) => `${format.number(percent(part, whole))} %`;
  return adminPage(view, {
    title: t("admin.languages.title"),
    body: html`<h1>${t("admin.languages.title")}</h1>
<p class="lead">${t("admin.languages.lead")}</p>
${scrollableTable(t("admin.languages.summary_caption", { count: total }), html`<table>
  <caption>${t("admin.languages.summary_caption", { count: total })}</caption>
  <thead><tr><th scope="col">${t("admin.languages.language")}</th><th scope="col" class="num">${t("admin.languages.translated")}</th><th scope="col" class="num">${t("admin.languages.share")}</th><th scope="col">${t("admin.languages.state")}</th><th scope="col">${t("admin.languages.review")}</th></tr></thead>
  <tbody>${LOCALES.map((locale) => {
    const done = translated(locale.code);
    return html`<tr><th scope="row"><span lang="${locale.code}" dir="${locale.dir}">${locale.name}</span> (${locale.code})</th><td class="num">${format.number(done)}</td><td class="num">${share(done, total)}</td><td>${done >= total ? t("admin.languages.complete") : t("admin.languages.incomplete", { count: total - done })}</td><td>${t(`admin.languages.review.${REVIEW_STATES.has(REVIEW[locale.code] ?? "") ? REVIEW[locale.code] : "awaiting_review"}`)}</td></tr>`;
  })}</tbody>
</table>`)}
<h2>${t("admin.languages.per_catalog")}</h2>
<p>${t("admin.languages.per_catalog_hint")}</p>
${scrollableTable(t("admin.languages.per_catalog"), html`<table>
  <thead><tr><th scope="col">${t("admin.languages.catalog")}</th><th scope="col" class="num">${t("admin.languages.messages")}</th>${LOCALES.map((locale) => html`<th scope="col" class="num"><span lang="${locale.code}">${locale.code}</span></th>`)}</tr></thead>
  <tbody>${catalogs.map(
    (catalog) => html`<tr><th scope="row"><code>${catalog.name}/locales</code></th><td class="num">${format.number(catalog.total)}</td>${LOCALES.map((locale) => html`<td class="num">${share(catalog.translated[locale.code] ?? 0, catalog.total)}</td>`)}</tr>`,
  )}</tbody>
</table>`)}`,
  });
}
