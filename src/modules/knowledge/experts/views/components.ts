import { html, type SafeHtml } from "../../../../platform/html";
import type { ViewContext } from "../../../../platform/http/context";
import { localize, localizedString } from "../../../../platform/i18n/localized";
import { inItsLanguage } from "../../../../platform/views/localized";
import { spokenLanguageName } from "../languages";
import type { ExpertItemRef } from "../queries";

/** A framework's short tag: its key when short ("GBF"), else an acronym ("SUSTAINABLE-DEVELOPMENT-GOALS" → "SDG", "CBD-ACTION-AREAS" → "CBD"). */
export function frameworkTag(key: string): string {
  if (key.length <= 8) return key;
  const parts = key.split("-").filter(Boolean);
  return parts[0].length <= 4 ? parts[0] : parts.map((part) => part[0]).join("");
}

function prefix(item: Pick<ExpertItemRef, "frameworkKey" | "number">): string {
  return `${frameworkTag(item.frameworkKey)}${item.number ? ` ${item.number}` : ""}`;
}

/** "GBF 17. Strengthen biosafety…" in the page's language where the label has it. */
export function itemLabel(view: ViewContext, item: Pick<ExpertItemRef, "frameworkKey" | "number" | "label">): string {
  return `${prefix(item)}. ${localizedString(item.label, view.locale)}`;
}

export function itemLabelHtml(view: ViewContext, item: Pick<ExpertItemRef, "frameworkKey" | "number" | "label">): SafeHtml {
  return html`${prefix(item)}. ${inItsLanguage(view, localize(item.label, view.locale))}`;
}

export function languagesText(view: ViewContext, codes: readonly string[]): string {
  return codes.map((code) => spokenLanguageName(code, view.locale)).join(", ");
}

/** Tags as a list of links to the directory filtered by that tag. */
export function tagLinks(tags: readonly string[], href: (tag: string) => string): SafeHtml {
  return html`<ul class="nav tags">${tags.map((tag) => html`<li><a href="${href(tag)}">${tag}</a></li>`)}</ul>`;
}
