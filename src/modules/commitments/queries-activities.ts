import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { queryRows, textArrayLiteral } from "../../db/sql";
import type { LocalizedText } from "../../platform/i18n/localized";
import { spaceLightSql } from "./queries-browse";
import type { CommitmentStage } from "./schema";
import type { StatusLight } from "./status-light";

// What another module (the memorandum's roster and report) may know of organisations' commitments in one space:
// only published ones, the same that are public on the space's list. In a memorandum space they are the
// signatories' programme activities.

export type OrganisationActivity = { number: number; title: LocalizedText; stage: CommitmentStage; light: StatusLight; publishedAt: Date };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The published commitments of each of these organisations as owner in one space, newest first, at most
 * `limitPerOrganisation` each (one query over the owner index), keyed by organisation id.
 */
export async function publishedCommitmentsOfOrganisations(
  db: Database,
  spaceId: string,
  organisationIds: readonly string[],
  options: { now: Date; limitPerOrganisation?: number },
): Promise<Map<string, OrganisationActivity[]>> {
  const ids = organisationIds.filter((id) => UUID.test(id));
  const result = new Map<string, OrganisationActivity[]>(ids.map((id) => [id, []]));
  if (!ids.length) return result;
  const light = await spaceLightSql(db, spaceId, options.now);
  const rows = await queryRows<{ organisation_id: string; number: number | string; title: LocalizedText; stage: CommitmentStage; light: StatusLight; published_at: Date | string }>(
    db,
    sql`select owner.id as organisation_id, c.number, c.title, c.stage, ${light} as light, c.published_at
      from unnest(${textArrayLiteral(ids)}::uuid[]) as owner(id)
      cross join lateral (
        select * from commitments c
        where c.space_id = ${spaceId} and c.organisation_id = owner.id and c.status = 'published'
        order by c.published_at desc, c.id desc limit ${options.limitPerOrganisation ?? 50}
      ) c`,
  );
  for (const row of rows) {
    result.get(row.organisation_id)?.push({ number: Number(row.number), title: row.title, stage: row.stage, light: row.light, publishedAt: new Date(row.published_at) });
  }
  return result;
}
