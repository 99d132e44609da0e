import { eq } from "drizzle-orm";
import { AppError } from "../../errors";
import type { Services } from "../../services";
import { users } from "../../schema";
import type { AccountUpdateBody } from "../inputs";
import { hashPassword, verifyPassword } from "../passwords";

export async function updateAccount(services: Services, userId: string, input: AccountUpdateBody): Promise<void> {
  await services.db
    .update(users)
    .set({ displayName: input.displayName, locale: input.locale, notificationSettings: { email: input.notificationEmail, news: input.notificationNews } })
    .where(eq(users.id, userId));
}

export async function changePassword(services: Services, userId: string, currentPassword: string, newPassword: string): Promise<void> {
  const [user] = await services.db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId));
  if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) {
    throw new AppError("validation_failed", "error.validation_failed", { currentPassword: { key: "validation.wrong_password" } });
  }
  await services.db.update(users).set({ passwordHash: await hashPassword(newPassword) }).where(eq(users.id, userId));
}
