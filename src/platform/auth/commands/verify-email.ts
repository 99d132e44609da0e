import { eq } from "drizzle-orm";
import type { Services } from "../../services";
import { users } from "../../schema";
import { consumeEmailToken } from "./email-tokens";

/** Confirms the address a verification link was sent to. */
export async function verifyEmail(services: Services, token: string): Promise<{ userId: string }> {
  return services.db.transaction(async (tx) => {
    const now = services.clock.now();
    const { userId } = await consumeEmailToken(tx, now, token, "verify_email");
    await tx.update(users).set({ emailVerifiedAt: now }).where(eq(users.id, userId));
    return { userId };
  });
}
