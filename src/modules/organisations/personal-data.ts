import { and, asc, eq, isNull, ne, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import type { PersonalDataContributor } from "../../platform/auth/personal-data";
import { recordAudit } from "../../platform/audit/record";
import { users } from "../../platform/schema";
import { countAdmins } from "./queries";
import { organisationInvitations, organisationJoinRequests, organisationMembers, organisations } from "./schema";

/**
 * The organisations module's part in "export my data" and "delete my account": memberships, join requests
 * and invitations addressed to the person. On deletion memberships and pending requests go, messages of
 * decided requests are blanked, and an organisation that would be left without an admin gets its
 * longest-standing member as admin (recorded in the audit log).
 */
export const organisationsPersonalData: PersonalDataContributor = {
  section: "organisations",
  async exportFor(db, userId) {
    const [user] = await db.select({ email: users.email }).from(users).where(eq(users.id, userId));
    return {
      memberships: await db
        .select({ organisation: organisations.slug, name: organisations.name, role: organisationMembers.role, since: organisationMembers.createdAt })
        .from(organisationMembers)
        .innerJoin(organisations, eq(organisations.id, organisationMembers.organisationId))
        .where(eq(organisationMembers.userId, userId))
        .orderBy(asc(organisationMembers.createdAt)),
      joinRequests: await db
        .select({
          organisation: organisations.slug,
          message: organisationJoinRequests.message,
          status: organisationJoinRequests.status,
          createdAt: organisationJoinRequests.createdAt,
          decidedAt: organisationJoinRequests.decidedAt,
        })
        .from(organisationJoinRequests)
        .innerJoin(organisations, eq(organisations.id, organisationJoinRequests.organisationId))
        .where(eq(organisationJoinRequests.userId, userId))
        .orderBy(asc(organisationJoinRequests.createdAt)),
      invitationsReceived: user
        ? await db
            .select({ organisation: organisations.slug, role: organisationInvitations.role, createdAt: organisationInvitations.createdAt, acceptedAt: organisationInvitations.acceptedAt, revokedAt: organisationInvitations.revokedAt })
            .from(organisationInvitations)
            .innerJoin(organisations, eq(organisations.id, organisationInvitations.organisationId))
            .where(eq(organisationInvitations.email, user.email.toLowerCase()))
            .orderBy(asc(organisationInvitations.createdAt))
        : [],
      organisationsCreated: await db.select({ organisation: organisations.slug, createdAt: organisations.createdAt }).from(organisations).where(eq(organisations.createdBy, userId)),
    };
  },
  async onAccountDeleted(db, userId) {
    const memberships = await db.select({ organisationId: organisationMembers.organisationId, role: organisationMembers.role }).from(organisationMembers).where(eq(organisationMembers.userId, userId));
    await db.delete(organisationMembers).where(eq(organisationMembers.userId, userId));
    for (const membership of memberships) {
      if (membership.role === "admin") await ensureAnAdmin(db, membership.organisationId, userId);
    }
    await db.delete(organisationJoinRequests).where(and(eq(organisationJoinRequests.userId, userId), eq(organisationJoinRequests.status, "pending")));
    await db.update(organisationJoinRequests).set({ message: "" }).where(and(eq(organisationJoinRequests.userId, userId), ne(organisationJoinRequests.message, "")));
    const [user] = await db.select({ email: users.email }).from(users).where(eq(users.id, userId));
    if (user) {
      await db
        .update(organisationInvitations)
        .set({ revokedAt: sql`now()` })
        .where(and(eq(organisationInvitations.email, user.email.toLowerCase()), isNull(organisationInvitations.acceptedAt), isNull(organisationInvitations.revokedAt)));
    }
  },
};

/** Promotes the longest-standing remaining member when an organisation has no admin left. */
async function ensureAnAdmin(db: Database, organisationId: string, deletedUserId: string): Promise<void> {
  if ((await countAdmins(db, organisationId)) > 0) return;
  const [oldest] = await db
    .select({ userId: organisationMembers.userId })
    .from(organisationMembers)
    .where(eq(organisationMembers.organisationId, organisationId))
    .orderBy(asc(organisationMembers.createdAt), asc(organisationMembers.userId))
    .limit(1);
  if (!oldest) return;
  await db.update(organisationMembers).set({ role: "admin" }).where(and(eq(organisationMembers.organisationId, organisationId), eq(organisationMembers.userId, oldest.userId)));
  await recordAudit(db, {
    actorUserId: null,
    action: "organisation.member_role_changed",
    subjectType: "organisation",
    subjectId: organisationId,
    details: { userId: oldest.userId, from: "member", to: "admin", reason: "last_admin_account_deleted", deletedUserId },
  });
}
