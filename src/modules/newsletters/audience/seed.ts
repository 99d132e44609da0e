import { sql } from "drizzle-orm";
import { hashToken, randomToken } from "../../../platform/crypto";
import type { DemoContext } from "../../../platform/module";
import type { Services } from "../../../platform/services";

// Demo audience: the demo member and facilitator follow the two news spaces; a few people without an account
// (example.org addresses, which never receive mail) have confirmed, and one has not confirmed yet.
const SUBSCRIBERS = [
  { space: "nature-action-agenda", email: "aigerim.reader@example.org", locale: "ru", country: "KZ", actorType: "ngo", status: "active", digest: "weekly" },
  { space: "nature-action-agenda", email: "lucia.farmers@example.org", locale: "en", country: "PE", actorType: "farmers", status: "active", digest: "monthly" },
  { space: "aarhus-kazakhstan-2018-2020", email: "dana.aarhus@example.org", locale: "ru", country: "KZ", actorType: "aarhus_centre", status: "active", digest: "monthly" },
  { space: "aarhus-kazakhstan-2018-2020", email: "new.reader@example.org", locale: "en", country: null, actorType: null, status: "pending", digest: "none" },
] as const;

/** Idempotent: only missing rows are added (the unique indexes on space+user and space+address decide). */
export async function seedAudienceDemo(services: Services, demo: DemoContext): Promise<void> {
  const now = services.clock.now();
  const follows = [
    { space: "nature-action-agenda", userId: demo.memberUserId, digest: "weekly", locale: "en" },
    { space: "aarhus-kazakhstan-2018-2020", userId: demo.memberUserId, digest: "monthly", locale: "ru" },
    { space: "aarhus-kazakhstan-2018-2020", userId: demo.facilitatorUserId, digest: "none", locale: "ru" },
  ];
  for (const follow of follows) {
    const spaceId = demo.spaceIds[follow.space];
    if (!spaceId || !follow.userId) continue;
    await services.db.execute(sql`
      insert into newsletter_subscribers (space_id, user_id, status, newsletters, digest, locale, source, confirmed_at, created_at, updated_at)
      values (${spaceId}, ${follow.userId}, 'active', true, ${follow.digest}, ${follow.locale}, 'account', ${now}, ${now}, ${now})
      on conflict (space_id, user_id) where user_id is not null do nothing`);
  }
  for (const subscriber of SUBSCRIBERS) {
    const spaceId = demo.spaceIds[subscriber.space];
    if (!spaceId) continue;
    const isActive = subscriber.status === "active";
    // The pending one's link is unknown to anyone (a random token, only its hash kept), as a real one would be.
    await services.db.execute(sql`
      insert into newsletter_subscribers (space_id, email, status, newsletters, digest, locale, country, actor_type, source, confirm_token_hash, confirm_sent_at, confirmed_at, created_at, updated_at)
      values (${spaceId}, ${subscriber.email}, ${subscriber.status}, true, ${subscriber.digest}, ${subscriber.locale}, ${subscriber.country}, ${subscriber.actorType}, 'form',
        ${isActive ? null : hashToken(randomToken(24))}, ${now}, ${isActive ? now : null}, ${now}, ${now})
      on conflict (space_id, email) where email is not null do nothing`);
  }
}
