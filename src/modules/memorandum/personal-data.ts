import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { queryRows } from "../../db/sql";
import type { PersonalDataContributor } from "../../platform/auth/personal-data";
import { organisationNames } from "../organisations/queries";
import { findSpaceById } from "../spaces/queries";

/**
 * The memorandum in a person's data export: every signing, re-signing and withdrawal they made for an organisation
 * (which space, which organisation, which version, the reason given). Deleting the account keeps the organisation's
 * signature — it is the organisation's act — but drops the link to the person who gave it.
 */
export const memorandumPersonalData: PersonalDataContributor = {
  section: "memorandum",
  async exportFor(db: Database, userId: string) {
    const rows = await queryRows<{ space_id: string; organisation_id: string; action: string; version: number; reason: string; created_at: Date }>(
      db,
      sql`select space_id, organisation_id, action, version, reason, created_at from memorandum_signature_events where user_id = ${userId} order by created_at, id`,
    );
    const names = await organisationNames(db, rows.map((row) => row.organisation_id));
    const spaces = new Map(await Promise.all([...new Set(rows.map((row) => row.space_id))].map(async (id) => [id, (await findSpaceById(db, id))?.slug ?? null] as const)));
    return rows.map((row) => ({
      space: spaces.get(row.space_id) ?? null, organisation: names.get(row.organisation_id)?.slug ?? null, action: row.action, version: Number(row.version), reason: row.reason, at: row.created_at,
    }));
  },
  async onAccountDeleted(db: Database, userId: string) {
    await db.execute(sql`update memorandum_signature_events set user_id = null where user_id = ${userId}`);
    await db.execute(sql`update memorandum_signatures set signed_by = null where signed_by = ${userId}`);
  },
};
