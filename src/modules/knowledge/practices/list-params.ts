import type { Database } from "../../../db/client";
import { isCountryCode, listRegions } from "../../../platform/countries";
import type { Locale } from "../../../platform/i18n/locales";
import { analyseQuery } from "../../../platform/search/query";
import { PRACTICE_KINDS } from "../../consultations/schema";
import { isActorTypeKey } from "../../organisations/actor-types";
import type { Viewer } from "../../spaces/permissions";
import { glossaryFor } from "../glossary/extension";
import type { PracticeQuery } from "./queries";
import { queryTerms } from "./text-search";
import type { PracticeParams } from "./views/list";

const REGION_CODES = new Set(listRegions("en").map((region) => region.code));
/** Longest search text a list takes (the rest is cut, never an error). */
export const MAX_PRACTICE_QUERY = 200;

/** Reads the list's query string; a value that is not one of the allowed ones is ignored, never an error. */
export function practiceParams(query: Record<string, unknown>): PracticeParams {
  const text = (value: unknown) => (typeof value === "string" ? value.trim() : "");
  const country = text(query.country).toUpperCase();
  const kind = text(query.kind);
  const target = text(query.target);
  const actorType = text(query.actor_type);
  const language = text(query.language);
  return {
    q: text(query.q).replace(/\s+/g, " ").slice(0, MAX_PRACTICE_QUERY),
    kind: (PRACTICE_KINDS as readonly string[]).includes(kind) ? kind : "",
    country: isCountryCode(country) ? country : "",
    region: REGION_CODES.has(text(query.region)) ? text(query.region) : "",
    target: /^[A-Za-z0-9_.-]{1,80}:[A-Za-z0-9_.-]{1,120}$/.test(target) ? target : "",
    actorType: isActorTypeKey(actorType) ? actorType : "",
    language: /^[a-z]{2,3}$/.test(language) ? language : "",
  };
}

/** The list query for the parameters: the search words analysed once (stems, typo corrections, glossary concepts). */
export async function practiceQuery(db: Database, viewer: Viewer, spaceId: string | null, params: PracticeParams, locale: Locale): Promise<PracticeQuery> {
  const { q, ...filters } = params;
  const terms = q ? queryTerms(await analyseQuery(db, q, { locale, ...(spaceId ? { spaceId } : {}), glossary: await glossaryFor(db, spaceId) })) : [];
  return { viewer, spaceId, filters, terms };
}
