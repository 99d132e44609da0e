import { isCountryCode, listRegions } from "../../../platform/countries";
import { isSpokenLanguage } from "./languages";
import { isExpertId, type ExpertFilters } from "./queries";

const REGION_CODES = new Set(listRegions("en").map((region) => region.code));

/** The directory's filters from a query string (page or API); values that cannot be valid are dropped, not refused. */
export function readExpertFilters(query: Record<string, unknown>): Required<ExpertFilters> {
  const text = (value: unknown) => (typeof value === "string" ? value.trim() : "");
  const country = text(query.country).toUpperCase();
  const tag = text(query.tag).toLowerCase();
  return {
    q: text(query.q).slice(0, 200),
    item: isExpertId(text(query.item)) ? text(query.item).toLowerCase() : "",
    tag: tag.length <= 40 ? tag : "",
    language: isSpokenLanguage(text(query.language)) ? text(query.language) : "",
    country: isCountryCode(country) ? country : "",
    region: REGION_CODES.has(text(query.region)) ? text(query.region) : "",
    organisation: isExpertId(text(query.organisation)) ? text(query.organisation).toLowerCase() : "",
  };
}
