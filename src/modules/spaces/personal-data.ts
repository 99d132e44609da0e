import { eq } from "drizzle-orm";
import type { PersonalDataContributor } from "../../platform/auth/personal-data";
import { spaceMembers, spaces } from "./schema";

/** A person's roles in spaces are part of their data export and end with their account. */
export const spacesPersonalData: PersonalDataContributor = {
  section: "spaces",
  exportFor: async (db, userId) =>
    db
      .select({ space: spaces.slug, title: spaces.title, role: spaceMembers.role, country: spaceMembers.country, since: spaceMembers.createdAt })
      .from(spaceMembers)
      .innerJoin(spaces, eq(spaces.id, spaceMembers.spaceId))
      .where(eq(spaceMembers.userId, userId))
      .orderBy(spaces.slug),
  onAccountDeleted: async (db, userId) => {
    await db.delete(spaceMembers).where(eq(spaceMembers.userId, userId));
  },
};
