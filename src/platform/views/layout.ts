import { html, type HtmlValue, type SafeHtml } from "../html";
import type { ViewContext } from "../http/context";
import { LOCALES, localeInfo } from "../i18n/locales";
import type { LocalizedValue } from "../i18n/localized";
import { inItsLanguage } from "./localized";
import { ASSET_CSS_PATH, FAVICON_PATH } from "../http/assets";

/** One step of the breadcrumb trail; a label from multilingual content is `localize(...)`'s result. */
export type Breadcrumb = { label: string | LocalizedValue; href?: string };

export type PageOptions = {
  /**
   * The <title>: plain text, so it cannot mark a part as being in another language. Build it from
   * `localize`/`localizedString`, which prefer the page's language whenever the value exists in it; only
   * when it does not is the fallback text kept (a tab named in English beats an empty or generic one).
   */
  title: string;
  body: HtmlValue;
  /** Extra <head> content: JSON-LD, feed links, canonical. Must be built with `html`. */
  head?: SafeHtml;
  /**
   * Breadcrumb trail shown above the title; the last entry is the current page. A label picked from
   * multilingual content is passed as `localize(...)`'s result, so a fallback is marked with its `lang`.
   */
  breadcrumbs?: Breadcrumb[];
  /** HTTP status is set by the caller; pages for errors hide the navigation extras. */
  isErrorPage?: boolean;
};

/** Beyond this length an address is not one a person keeps: the language links drop its query (or all of it). */
const MAX_SWITCHED_URL = 2048;

/** URL of the current page in another language (the switcher works without JavaScript). */
export function urlInLocale(currentUrl: string, locale: string): string {
  if (currentUrl.length > MAX_SWITCHED_URL) {
    // Re-encoding a huge query once per language made such a request (a fuzzer's, an attacker's) cost seconds and
    // its page megabytes; its path alone is kept when that is short.
    const path = currentUrl.split("?")[0]!;
    return `${path.length <= MAX_SWITCHED_URL ? new URL(path, "http://local").pathname : "/"}?lang=${encodeURIComponent(locale)}`;
  }
  const url = new URL(currentUrl, "http://local");
  url.searchParams.set("lang", locale);
  return `${url.pathname}?${url.searchParams.toString()}`;
}

/**
 * Says so when the page had to show some of its interface in English because its language's catalog is not
 * complete yet (content is marked per field instead: see inItsLanguage). Read after the header and the body
 * have been rendered, so it counts them.
 */
function untranslatedNotice(view: ViewContext): HtmlValue {
  const count = view.untranslated?.() ?? 0;
  if (count === 0) return "";
  return html`<p class="notice untranslated-notice">${view.t("layout.untranslated_notice", { language: localeInfo(view.locale).name })}</p>`;
}

/** The page shell: skip link, header with navigation and language switcher, main, footer. */
export function renderPage(view: ViewContext, options: PageOptions): string {
  const { t, user, locale } = view;
  const info = localeInfo(locale);
  const nav = [
    { href: "/spaces", label: t("nav.spaces") },
    { href: "/events", label: t("nav.events") },
    { href: "/organisations", label: t("nav.organisations") },
    { href: "/knowledge", label: t("nav.knowledge") },
    { href: "/api/docs", label: t("nav.api") },
    ...(user?.isPlatformAdmin ? [{ href: "/admin", label: t("nav.admin") }] : []),
  ];
  const page = html`<!doctype html>
<html lang="${info.code}" dir="${info.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · Convene</title>
<link rel="stylesheet" href="${ASSET_CSS_PATH}">
<link rel="icon" href="${FAVICON_PATH}" type="image/svg+xml">
${options.head}
</head>
<body>
<a class="skip-link" href="#main">${t("layout.skip_to_content")}</a>
<header class="site-header">
  <div class="wrap header-row">
    <a class="brand" href="/">Convene</a>
    <!-- site-wide search: from tablet width up a box shown as a magnifier that widens over the navigation while it has
         focus (Enter searches, no JavaScript; the one header row keeps its room), on a phone a link to the search page -->
    <form class="site-search" role="search" aria-label="${t("search.box_label")}" method="get" action="/search">
      <label for="site-search-q" class="sr-only">${t("search.box_label")}</label>
      <input type="search" id="site-search-q" name="q" placeholder="${t("search.box_placeholder")}" enterkeyhint="search">
    </form>
    <a class="site-search-link" href="/search">${t("nav.search")}</a>
    <details class="site-menu">
    <summary>${t("layout.menu")}</summary>
    <div class="site-menu-content">
    <nav aria-label="${t("layout.main_navigation")}">
      <ul class="nav">${nav.map((item) => html`<li><a href="${item.href}">${item.label}</a></li>`)}</ul>
    </nav>
    <div class="account-nav">
      ${user
        ? html`<a href="/account" class="account-name">${user.displayName}</a>
          <form method="post" action="/logout" class="inline-form"><input type="hidden" name="_csrf" value="${view.csrfToken}"><button type="submit" class="link-button">${t("nav.logout")}</button></form>`
        : html`<a href="/login">${t("nav.login")}</a> <a href="/register" class="button-small">${t("nav.register")}</a>`}
    </div>
    <!-- the page's language, opening onto the others (six would not fit the header row); works without JavaScript -->
    <details class="lang-menu">
      <summary><span class="sr-only">${t("layout.language")}: </span><span lang="${info.code}">${info.name}</span></summary>
      <nav class="lang-switcher" aria-label="${t("layout.language")}">
        <ul>${LOCALES.filter((candidate) => candidate.code !== locale).map(
          (candidate) => html`<li><a href="${urlInLocale(view.url, candidate.code)}" lang="${candidate.code}" hreflang="${candidate.code}">${candidate.name}</a></li>`,
        )}</ul>
      </nav>
    </details>
    </div>
    </details>
  </div>
</header>
<main id="main" class="wrap" tabindex="-1">
${options.breadcrumbs?.length
  ? html`<nav aria-label="${t("layout.breadcrumbs")}" class="breadcrumbs"><ol>${options.breadcrumbs.map((crumb) =>
      crumb.href ? html`<li><a href="${crumb.href}">${inItsLanguage(view, crumb.label)}</a></li>` : html`<li aria-current="page">${inItsLanguage(view, crumb.label)}</li>`,
    )}</ol></nav>`
  : ""}
${view.flash ? html`<div class="flash" role="status">${t(view.flash)}</div>` : ""}
${untranslatedNotice(view)}
${options.body}
</main>
<footer class="site-footer"><div class="wrap">
  <p>${t("layout.footer_about")}</p>
  <p><a href="/frameworks">${t("nav.frameworks")}</a> · <a href="/api/docs">${t("nav.api")}</a> · <a href="/api/openapi.json">OpenAPI</a> · <a href="/design">${t("nav.design")}</a></p>
</div></footer>
</body>
</html>`;
  return page.value;
}
