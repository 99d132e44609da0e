import { countryName, regionName } from "../../../../platform/countries";
import { html, type SafeHtml } from "../../../../platform/html";
import type { ViewContext } from "../../../../platform/http/context";
import { localize } from "../../../../platform/i18n/localized";
import { ownLanguageName } from "../../../../platform/views/localized";
import { actorTypeLabel } from "../../../organisations/actor-types";
import type { PracticeTarget } from "../schema";

/** "Policy", «Политика». */
export const kindLabel = (view: ViewContext, kind: string): string => view.t(`knowledge.practice.kind.${kind}`);
export const countriesText = (view: ViewContext, codes: readonly string[]): string => codes.map((code) => countryName(code, view.locale)).join(", ");
export const regionText = (view: ViewContext, code: string): string => regionName(code, view.locale);
export const actorTypesText = (view: ViewContext, keys: readonly string[]): string => keys.map((key) => actorTypeLabel(key, view.locale)).join(", ");
export const languageText = (view: ViewContext, code: string): string => ownLanguageName(code, view.locale);

/** A framework target as people read it: "8. Minimise the impacts of climate change…" in the page's language. */
export function targetText(view: ViewContext, target: Pick<PracticeTarget, "number" | "key" | "label">): string {
  const label = localize(target.label, view.locale).text || target.key;
  return target.number ? `${target.number}. ${label}` : label;
}

/** One "label: value" line of a result card or the detail page (nothing when the value is empty). */
export function metaLine(label: string, value: string | SafeHtml): SafeHtml | "" {
  return value === "" ? "" : html`<p class="result-meta"><span class="muted">${label}:</span> ${value}</p>`;
}
