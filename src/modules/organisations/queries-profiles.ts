import { inArray } from "drizzle-orm";
import type { Database } from "../../db/client";
import type { LocalizedText } from "../../platform/i18n/localized";
import { organisations } from "./schema";

// For other modules that list organisations with their public profile (the memorandum's roster of signatories).

export type OrganisationProfile = { id: string; slug: string; name: LocalizedText; actorType: string; country: string | null };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The public profile (slug, name, actor type, country) of organisations by id, in one query; unknown ids are left out. */
export async function organisationProfiles(db: Database, ids: readonly string[]): Promise<Map<string, OrganisationProfile>> {
  const wanted = [...new Set(ids.filter((id) => UUID.test(id)))];
  if (!wanted.length) return new Map();
  const rows = await db
    .select({ id: organisations.id, slug: organisations.slug, name: organisations.name, actorType: organisations.actorType, country: organisations.country })
    .from(organisations)
    .where(inArray(organisations.id, wanted));
  return new Map(rows.map((row) => [row.id, row]));
}
