import { countryName } from "../../../../platform/countries";
import { html, type SafeHtml } from "../../../../platform/html";
import type { ViewContext } from "../../../../platform/http/context";
import { localize } from "../../../../platform/i18n/localized";
import type { Breadcrumb } from "../../../../platform/views/layout";
import { languageName } from "../../../../platform/views/localized";
import { actorTypeLabel } from "../../../organisations/actor-types";
import type { ResourceItem } from "../queries";

/** Where a scope's resources live: a space's under its hub, platform-wide ones under /knowledge. */
export function resourcesPath(spaceSlug: string | null): string {
  return spaceSlug ? `/spaces/${encodeURIComponent(spaceSlug)}/knowledge/resources` : "/knowledge/resources";
}

/** The page of one resource (in its space when it has one). */
export function resourcePath(item: Pick<ResourceItem, "id" | "space">): string {
  return `${resourcesPath(item.space?.slug ?? null)}/${item.id}`;
}

/** Breadcrumbs down to a scope's resource list: Spaces › space › Knowledge › Funding and resources. */
export function resourceCrumbs(view: ViewContext, space: { slug: string; title: Record<string, string | undefined> } | null): Breadcrumb[] {
  const hub = space ? `/spaces/${encodeURIComponent(space.slug)}/knowledge` : "/knowledge";
  return [
    ...(space ? [{ label: view.t("nav.spaces"), href: "/spaces" }, { label: localize(space.title, view.locale), href: `/spaces/${encodeURIComponent(space.slug)}` }] : []),
    { label: view.t("resource.hub"), href: hub },
    { label: view.t("resource.title"), href: resourcesPath(space?.slug ?? null) },
  ];
}

/** "50 000–120 000 USD", "up to 10 000 EUR", "from 5 000 KZT" in the page's number format; empty without amounts. */
export function amountText(view: ViewContext, item: Pick<ResourceItem, "amountMin" | "amountMax" | "currency">): string {
  if (!item.currency || (item.amountMin === null && item.amountMax === null)) return "";
  const format = (value: number) => {
    try {
      return new Intl.NumberFormat(view.locale, { style: "currency", currency: item.currency!, maximumFractionDigits: 0 }).format(value);
    } catch {
      return `${view.format.number(value)} ${item.currency}`;
    }
  };
  if (item.amountMin !== null && item.amountMax !== null) return item.amountMin === item.amountMax ? format(item.amountMax) : `${format(item.amountMin)} – ${format(item.amountMax)}`;
  return item.amountMax !== null ? view.t("resource.amount_up_to", { amount: format(item.amountMax) }) : view.t("resource.amount_from", { amount: format(item.amountMin!) });
}

/** The deadline as people read it: "Closes 12 Mar 2026 (in 9 days)", "Closed on …", "Rolling: apply any time". */
export function deadlineText(view: ViewContext, item: Pick<ResourceItem, "deadlineKind" | "deadline" | "daysLeft" | "isClosed">): string {
  if (item.deadlineKind === "rolling") return view.t("resource.deadline.rolling");
  if (item.deadlineKind !== "date" || !item.deadline || item.daysLeft === null) return view.t("resource.deadline.none");
  const date = view.format.date(`${item.deadline}T00:00:00Z`);
  if (item.isClosed) return view.t("resource.deadline.closed", { date });
  return view.t("resource.deadline.closes", { date, days: item.daysLeft });
}

/** Short labels of the resource's kind and state, as tags. */
export function kindTags(view: ViewContext, item: ResourceItem): SafeHtml {
  return html`<span class="tag">${view.t(`resource.kind.${item.kind}`)}</span>${item.isClosed ? html` <span class="tag">${view.t("resource.state.closed")}</span>` : ""}${item.status !== "published" ? html` <span class="tag">${view.t(`resource.status.${item.status}`)}</span>` : ""}`;
}

export const countryList = (view: ViewContext, codes: string[]): string => (codes.length ? codes.map((code) => countryName(code, view.locale)).join(", ") : view.t("resource.anywhere"));
export const actorList = (view: ViewContext, keys: string[]): string => (keys.length ? keys.map((key) => actorTypeLabel(key, view.locale)).join(", ") : view.t("resource.any_actor"));
/** A language's name in the page's language ("Russian" on an English page), for the languages a resource is in. */
export function resourceLanguageName(code: string, locale: string): string {
  try {
    const name = new Intl.DisplayNames([locale], { type: "language" }).of(code);
    return name ? name.charAt(0).toLocaleUpperCase(locale) + name.slice(1) : code;
  } catch {
    return languageName(code, locale);
  }
}

export const languageList = (view: ViewContext, codes: string[]): string => codes.map((code) => resourceLanguageName(code, view.locale)).join(", ");
