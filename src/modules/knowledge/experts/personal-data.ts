import { eq } from "drizzle-orm";
import type { PersonalDataContributor } from "../../../platform/auth/personal-data";
import { removeExpertProfile } from "./commands/delete-expert-profile";
import { findExpertOfUser } from "./queries";
import { knowledgeExperts } from "./schema";

/** The expert profile in "export my data" (whole, listed or paused); deleting the account deletes it. */
export const expertsPersonalData: PersonalDataContributor = {
  section: "experts",
  async exportFor(db, userId) {
    const expert = await findExpertOfUser(db, userId);
    if (!expert) return { profile: null };
    const [row] = await db.select({ createdAt: knowledgeExperts.createdAt }).from(knowledgeExperts).where(eq(knowledgeExperts.id, expert.id));
    return {
      profile: {
        id: expert.id,
        displayName: expert.displayName,
        headline: expert.headline,
        bio: expert.bio,
        tags: expert.tags,
        languages: expert.languages,
        country: expert.country,
        organisation: expert.organisation?.slug ?? null,
        expertise: expert.items.map((item) => ({ framework: item.frameworkKey, number: item.number, label: item.label })),
        isListed: expert.isListed,
        createdAt: row?.createdAt ?? null,
        updatedAt: expert.updatedAt,
      },
    };
  },
  async onAccountDeleted(db, userId) {
    await removeExpertProfile(db, userId);
  },
};
