import { sql } from "drizzle-orm";
import { queryRows } from "../../../db/sql";
import { AppError } from "../../../platform/errors";
import type { LocalizedText } from "../../../platform/i18n/localized";
import { LOCALES } from "../../../platform/i18n/locales";
import type { Services } from "../../../platform/services";
import { createSpace } from "../../spaces/commands/create-space";
import { grantSpaceRole } from "../../spaces/commands/grant-space-role";
import { revokeSpaceRole } from "../../spaces/commands/revoke-space-role";

// A cohort's community of practice is a private space of its own, made and filled through the spaces module's
// commands: its members page is the members directory, its consultations the discussions. Being private, the
// spaces module keeps it out of lists, search, sitemap, feeds and the API for everyone but its members.

type Actor = { id: string; ip?: string | null };

async function emailOf(services: Services, userId: string): Promise<string | undefined> {
  const [row] = await queryRows<{ email: string }>(services.db, sql`select email from users where id = ${userId} and deleted_at is null`);
  return row?.email;
}

/** Adds a participant to the cohort's space as a member (they get the spaces module's "you were added" mail). */
export async function addCohortMember(services: Services, actor: Actor, spaceId: string, userId: string, role: "member" | "coordinator" = "member"): Promise<void> {
  const email = await emailOf(services, userId);
  if (!email) return;
  try {
    await grantSpaceRole(services, { id: actor.id }, spaceId, { email, role }, actor.ip ?? null);
  } catch (error) {
    // Already a member (accepted, withdrawn and accepted again): nothing to add.
    if (!(error instanceof AppError && error.code === "conflict")) throw error;
  }
}

/** Takes a withdrawn or declined participant's membership back. */
export async function removeCohortMember(services: Services, actor: Actor, spaceId: string, userId: string): Promise<void> {
  try {
    await revokeSpaceRole(services, { id: actor.id }, spaceId, { userId, role: "member" }, actor.ip ?? null);
  } catch (error) {
    if (!(error instanceof AppError && error.code === "not_found")) throw error;
  }
}

/**
 * Makes the cohort's private space (once: a cohort that has one keeps it), with the organiser who made it as its
 * coordinator and every accepted participant as a member. Returns the space's slug.
 */
export async function createCohortSpace(services: Services, actor: Actor, cohortId: string): Promise<string> {
  const [cohort] = await queryRows<{ id: string; space_id: string | null; name: LocalizedText; title: LocalizedText; slug: string }>(
    services.db,
    sql`select c.id, c.space_id, c.name, p.title, p.slug from programme_cohorts c join programme_programmes p on p.id = c.programme_id where c.id = ${cohortId} for update of c`,
  );
  if (!cohort) throw new AppError("not_found", "error.not_found");
  if (cohort.space_id) {
    const [existing] = await queryRows<{ slug: string }>(services.db, sql`select slug from spaces where id = ${cohort.space_id}`);
    return existing!.slug;
  }
  const title: LocalizedText = {};
  for (const { code } of LOCALES) {
    const programme = cohort.title[code] ?? Object.values(cohort.title)[0] ?? "";
    const name = cohort.name[code] ?? Object.values(cohort.name)[0] ?? "";
    title[code] = `${programme} — ${name}`.slice(0, 200);
  }
  const slug = `${cohort.slug.slice(0, 40).replace(/-+$/, "")}-cohort-${cohort.id.slice(0, 8)}`;
  const space = await createSpace(services, { id: actor.id }, { slug, title, description: {}, visibility: "private", enabledModules: ["consultations"], frameworkKeys: [] }, actor.ip ?? null);
  await services.db.execute(sql`update programme_cohorts set space_id = ${space.id} where id = ${cohortId}`);
  await addCohortMember(services, actor, space.id, actor.id, "coordinator");
  const participants = await queryRows<{ user_id: string }>(services.db, sql`select user_id from programme_applications where cohort_id = ${cohortId} and status = 'confirmed'`);
  for (const participant of participants) await addCohortMember(services, actor, space.id, participant.user_id);
  return space.slug;
}
