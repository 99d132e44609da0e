import { randomBytes } from "node:crypto";
import { hash } from "@node-rs/argon2";
import { users } from "../platform/schema";
import type { Services } from "../platform/services";

/** Text fields in factories carry a script tag by default, so every page test also proves escaping. */
export const XSS = "<script>alert(1)</script>";
export const TEST_PASSWORD = "correct horse battery";

let passwordHash: Promise<string> | undefined;

/**
 * Test users' password hash: argon2id like the product's, at the lowest cost, so each of the suite's hundreds of
 * logins verifies in a fraction of a millisecond instead of tens (verification reads the cost from the hash).
 * Registration, password changes and resets still hash at the product's cost.
 */
const cheapHash = (password: string): Promise<string> => hash(password, { memoryCost: 1024, timeCost: 1, parallelism: 1 });

export type BuiltUser = { id: string; email: string; password: string; displayName: string };

/** A verified user; pass overrides for anything the test cares about. */
export async function buildUser(
  services: Services,
  overrides: Partial<{ email: string; displayName: string; locale: string; isPlatformAdmin: boolean; isVerified: boolean }> = {},
): Promise<BuiltUser> {
  passwordHash ??= cheapHash(TEST_PASSWORD);
  const email = overrides.email ?? `user-${randomBytes(5).toString("hex")}@example.org`;
  const displayName = overrides.displayName ?? `${XSS} Tester`;
  const [row] = await services.db
    .insert(users)
    .values({
      email,
      displayName,
      passwordHash: await passwordHash,
      locale: overrides.locale ?? "en",
      isPlatformAdmin: overrides.isPlatformAdmin ?? false,
      emailVerifiedAt: overrides.isVerified === false ? null : services.clock.now(),
    })
    .returning({ id: users.id });
  return { id: row.id, email, password: TEST_PASSWORD, displayName };
}
