import { html, type SafeHtml } from "../../../../platform/html";
import type { ViewContext } from "../../../../platform/http/context";
import { localizedString } from "../../../../platform/i18n/localized";
import { frameworkTag } from "../../../spaces/views/shared";
import { spokenLanguageName } from "../languages";
import type { ExpertItemRef } from "../queries";

/** "GBF 17. Strengthen biosafety…" as plain text (select options), in the page's language where the label has it. */
export function itemLabel(view: ViewContext, item: Pick<ExpertItemRef, "frameworkKey" | "number" | "label">): string {
  return `${frameworkTag(item.frameworkKey)}${item.number ? ` ${item.number}` : ""}. ${localizedString(item.label, view.locale)}`;
}

export { frameworkItemLabel as itemLabelHtml } from "../../../spaces/views/shared";

export function languagesText(view: ViewContext, codes: readonly string[]): string {
  return codes.map((code) => spokenLanguageName(code, view.locale)).join(", ");
}

/** Tags as a list of links to the directory filtered by that tag. */
export function tagLinks(tags: readonly string[], href: (tag: string) => string): SafeHtml {
  return html`<ul class="nav tags">${tags.map((tag) => html`<li><a href="${href(tag)}">${tag}</a></li>`)}</ul>`;
}
