import { sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { queryRows } from "../../../db/sql";
import type { PersonalDataContributor } from "../../../platform/auth/personal-data";

/**
 * The resources a person wrote or suggested, in their personal-data export. Deleting the account keeps the
 * resources (they belong to the space or the suggesting organisation); `created_by` is set null by the schema.
 */
export const resourcePersonalData: PersonalDataContributor = {
  section: "knowledge_resources",
  async exportFor(db: Database, userId: string) {
    return queryRows(
      db,
      sql`select r.id, s.slug as space, r.kind, r.title, r.url, r.status, r.created_at from knowledge_resources r left join spaces s on s.id = r.space_id
        where r.created_by = ${userId} order by r.created_at, r.id`,
    );
  },
};
