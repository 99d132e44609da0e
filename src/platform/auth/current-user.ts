import type { CurrentUser } from "../http/context";
import { users } from "../schema";

/** The user columns every authentication path selects (session cookie or API token). */
export const currentUserColumns = {
  id: users.id,
  email: users.email,
  displayName: users.displayName,
  locale: users.locale,
  isPlatformAdmin: users.isPlatformAdmin,
  emailVerifiedAt: users.emailVerifiedAt,
};

type CurrentUserRow = { id: string; email: string; displayName: string; locale: string; isPlatformAdmin: boolean; emailVerifiedAt: Date | null };

export function toCurrentUser(row: CurrentUserRow): CurrentUser {
  return { id: row.id, email: row.email, displayName: row.displayName, locale: row.locale, isPlatformAdmin: row.isPlatformAdmin, isEmailVerified: row.emailVerifiedAt !== null };
}
