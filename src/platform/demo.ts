import { and, eq, isNull, sql } from "drizzle-orm";
import { MODULES } from "../modules";
import { hashPassword } from "./auth/passwords";
import type { DemoContext } from "./module";
import { users } from "./schema";
import type { Services } from "./services";

/** Demo accounts; the start log and the README print these so a newcomer can log in at once. */
export const DEMO_ACCOUNTS = {
  admin: { email: "admin@convene.localhost", password: "convene-admin-2026", displayName: "Aigerim Sadykova (secretariat)", locale: "en", isPlatformAdmin: true },
  facilitator: { email: "facilitator@convene.localhost", password: "convene-facilitator-2026", displayName: "Tomás Rivera (facilitator)", locale: "en", isPlatformAdmin: false },
  member: { email: "member@convene.localhost", password: "convene-member-2026", displayName: "Марина Волкова", locale: "ru", isPlatformAdmin: false },
} as const;

/** Creates a verified account unless one with that email exists; returns its id. */
export async function ensureUser(
  services: Services,
  account: { email: string; password: string; displayName: string; locale: string; isPlatformAdmin: boolean },
): Promise<string> {
  const [existing] = await services.db.select({ id: users.id }).from(users).where(and(sql`lower(${users.email}) = ${account.email.toLowerCase()}`, isNull(users.deletedAt)));
  if (existing) return existing.id;
  const [created] = await services.db
    .insert(users)
    .values({
      email: account.email.toLowerCase(),
      passwordHash: await hashPassword(account.password),
      displayName: account.displayName,
      locale: account.locale,
      isPlatformAdmin: account.isPlatformAdmin,
      emailVerifiedAt: services.clock.now(),
    })
    .returning({ id: users.id });
  return created.id;
}

/** Reference data for every installation: runs on every start, changes nothing when already there. */
export async function seedReference(services: Services): Promise<void> {
  for (const module of MODULES) await module.seedReference?.(services);
}

/** Demo content (idempotent): accounts, then each module's own demo records. */
export async function seedDemo(services: Services): Promise<DemoContext> {
  const demo: DemoContext = {
    adminUserId: await ensureUser(services, DEMO_ACCOUNTS.admin),
    facilitatorUserId: await ensureUser(services, DEMO_ACCOUNTS.facilitator),
    memberUserId: await ensureUser(services, DEMO_ACCOUNTS.member),
    organisationIds: {},
    spaceIds: {},
  };
  for (const module of MODULES) await module.seedDemo?.(services, demo);
  return demo;
}

/** Grants or creates a platform administrator (CLI `create-admin`). */
export async function makePlatformAdmin(services: Services, input: { email: string; password: string; displayName: string }): Promise<{ userId: string; isNew: boolean }> {
  const [existing] = await services.db.select({ id: users.id }).from(users).where(and(sql`lower(${users.email}) = ${input.email.toLowerCase()}`, isNull(users.deletedAt)));
  if (existing) {
    await services.db.update(users).set({ isPlatformAdmin: true, emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())` }).where(eq(users.id, existing.id));
    return { userId: existing.id, isNew: false };
  }
  const userId = await ensureUser(services, { ...input, locale: "en", isPlatformAdmin: true });
  return { userId, isNew: true };
}
