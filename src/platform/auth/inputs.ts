import { z } from "zod";
import { LOCALE_CODES } from "../i18n/locales";

export const Email = z.string().trim().toLowerCase().max(254).pipe(z.email());
export const NewPassword = z.string().min(10, "validation.password_too_short").max(200);
export const DisplayName = z.string().trim().min(1).max(120);
export const LocaleCode = z.enum(LOCALE_CODES as [string, ...string[]]);

export const RegisterBody = z.object({ email: Email, password: NewPassword, displayName: DisplayName, locale: LocaleCode.default("en") });
export type RegisterBody = z.infer<typeof RegisterBody>;

export const LoginBody = z.object({ email: z.string().trim().toLowerCase().min(1).max(254), password: z.string().min(1).max(200) });
export type LoginBody = z.infer<typeof LoginBody>;

export const NotificationFrequency = z.enum(["immediately", "daily", "weekly", "off"]);
export const AccountUpdateBody = z.object({
  displayName: DisplayName,
  locale: LocaleCode,
  notificationEmail: NotificationFrequency.default("immediately"),
  notificationNews: z.boolean().default(false),
});
export type AccountUpdateBody = z.infer<typeof AccountUpdateBody>;
