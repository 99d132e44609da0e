import { sql } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit/record";
import type { Services } from "../../../platform/services";
import type { ShowcaseStatus } from "../schema";
import type { Actor } from "./shared";

/** Publishes a showcase (its first publication date is kept) or takes it back to draft; audited. */
export async function setShowcaseStatus(services: Services, actor: Actor, spaceId: string, showcaseId: string, status: ShowcaseStatus): Promise<void> {
  const now = services.clock.now();
  await services.db.transaction(async (tx) => {
    await tx.execute(
      sql`update showcases set status = ${status}, published_at = case when ${status} = 'published' then coalesce(published_at, ${now}) else published_at end, updated_at = ${now}
        where id = ${showcaseId} and space_id = ${spaceId}`,
    );
    await recordAudit(tx, { actorUserId: actor.id, action: `showcase.${status}`, subjectType: "showcase", subjectId: showcaseId, spaceId, ip: actor.ip ?? null });
  });
}
