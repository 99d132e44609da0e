import { html, type HtmlValue, type SafeHtml } from "../../html";
import type { ViewContext } from "../../http/context";
import { renderPage } from "../../views/layout";

/** Rows per page of every admin list unless the URL asks for another `limit`. */
export const PAGE_SIZE = 50;

/** An administration page: breadcrumbs back to /admin, the title as the only h1. */
export function adminPage(view: ViewContext, options: { title: string; body: HtmlValue; isHome?: boolean; trail?: { label: string; href: string }[] }): string {
  const { t } = view;
  return renderPage(view, {
    title: options.title,
    breadcrumbs: options.isHome ? undefined : [{ label: t("admin.title"), href: "/admin" }, ...(options.trail ?? []), { label: options.title }],
    body: options.body,
  });
}

/** A URL with the given query parameters; empty values are left out. */
export function withQuery(path: string, parameters: Record<string, string | number | null | undefined>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) if (value !== undefined && value !== null && value !== "") query.set(name, String(value));
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/** "First page" / "Next page" links for keyset pagination (there is no "previous" with cursors). */
export function pager(view: ViewContext, links: { firstHref: string | null; nextHref: string | null }): HtmlValue {
  if (!links.firstHref && !links.nextHref) return "";
  return html`<nav class="pager" aria-label="${view.t("admin.pager.label")}">
  ${links.firstHref ? html`<a href="${links.firstHref}">${view.t("admin.pager.first")}</a>` : ""}
  ${links.nextHref ? html`<a href="${links.nextHref}" rel="next">${view.t("admin.pager.next")}</a>` : ""}
</nav>`;
}

/** The submit button of a filter form and a link that clears every filter. */
export function filterActions(view: ViewContext, resetHref: string): SafeHtml {
  return html`<div class="field"><button type="submit">${view.t("admin.filter.apply")}</button> <a href="${resetHref}">${view.t("admin.filter.reset")}</a></div>`;
}
