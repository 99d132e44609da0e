import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { queryRows } from "../../db/sql";
import type { PersonalDataContributor } from "../../platform/auth/personal-data";
import { RELAY_AUDIT_ACTION } from "../../platform/relay/send-message";
import { organisationNames } from "../organisations/queries";

/**
 * Partnerships in a person's data export: the offers and needs they published for an organisation (every state,
 * with the moderation decision), and the contact requests they sent through the relay about posts — when and about
 * which post, which is all that is kept (the relay stores no message). Deleting the account keeps the posts, which
 * speak for the organisation (as memorandum signatures do), and drops the link to the person who published them.
 */
export const partnershipsPersonalData: PersonalDataContributor = {
  section: "partnerships",
  async exportFor(db: Database, userId: string) {
    const [posts, contacts] = await Promise.all([
      queryRows<{ id: string; space: string; organisation_id: string; side: string; kind: string; title: unknown; description: unknown; target_ids: string[]; countries: string[]; languages: string[]; until_on: string | Date | null; status: string; moderation_status: string; moderation_reason: string; created_at: Date; updated_at: Date; withdrawn_at: Date | null }>(
        db,
        sql`select p.id, s.slug as space, p.organisation_id, p.side, p.kind, p.title, p.description, p.target_ids, p.countries, p.languages, p.until_on, p.status,
            p.moderation_status, p.moderation_reason, p.created_at, p.updated_at, p.withdrawn_at
          from partnership_posts p join spaces s on s.id = p.space_id where p.created_by = ${userId} order by p.created_at, p.id`,
      ),
      queryRows<{ post_id: string; title: unknown; sent_at: Date }>(
        db,
        sql`select a.subject_id as post_id, p.title, a.created_at as sent_at from audit_log a left join partnership_posts p on p.id::text = a.subject_id
          where a.actor_user_id = ${userId} and a.action = ${RELAY_AUDIT_ACTION} and a.subject_type = 'partnership' order by a.created_at, a.id`,
      ),
    ]);
    const names = await organisationNames(db, posts.map((post) => post.organisation_id));
    return {
      posts: posts.map(({ organisation_id: organisationId, ...post }) => ({ ...post, organisation: names.get(organisationId)?.slug ?? null })),
      contactRequests: contacts.map((contact) => ({ postId: contact.post_id, postTitle: contact.title ?? null, sentAt: contact.sent_at })),
    };
  },
  async onAccountDeleted(db: Database, userId: string) {
    await db.execute(sql`update partnership_posts set created_by = null where created_by = ${userId}`);
  },
};
