import { and, eq, isNull, ne } from "drizzle-orm";
import { recordAudit } from "../../audit/record";
import { AppError } from "../../errors";
import { users } from "../../schema";
import type { Services } from "../../services";
import { canChangePlatformAdmin } from "../permissions";

/**
 * Grants or revokes platform administration for another account, audited in the same transaction.
 * Setting what is already set changes nothing and records nothing.
 */
export async function setPlatformAdmin(
  services: Services,
  input: { actor: { id: string; isPlatformAdmin: boolean }; targetUserId: string; isPlatformAdmin: boolean; ip?: string | null },
): Promise<{ isChanged: boolean }> {
  if (!canChangePlatformAdmin(input.actor, input.targetUserId)) {
    throw new AppError("forbidden", input.actor.id === input.targetUserId ? "admin.users.not_yourself" : "error.forbidden");
  }
  return services.db.transaction(async (tx) => {
    const [target] = await tx.select({ id: users.id }).from(users).where(and(eq(users.id, input.targetUserId), isNull(users.deletedAt)));
    if (!target) throw new AppError("not_found");
    const changed = await tx
      .update(users)
      .set({ isPlatformAdmin: input.isPlatformAdmin })
      .where(and(eq(users.id, input.targetUserId), ne(users.isPlatformAdmin, input.isPlatformAdmin)))
      .returning({ id: users.id });
    if (!changed.length) return { isChanged: false };
    await recordAudit(tx, {
      actorUserId: input.actor.id,
      action: input.isPlatformAdmin ? "user.platform_admin_granted" : "user.platform_admin_revoked",
      subjectType: "user",
      subjectId: input.targetUserId,
      details: { isPlatformAdmin: input.isPlatformAdmin },
      ip: input.ip,
    });
    return { isChanged: true };
  });
}
