import { and, eq, isNull, sql } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit/record";
import { countryName } from "../../../platform/countries";
import { conflict, notFound, validationFailed } from "../../../platform/errors";
import { validateForm } from "../../../platform/http/forms";
import { localizedString } from "../../../platform/i18n/localized";
import { translator } from "../../../platform/i18n/messages";
import { users } from "../../../platform/schema";
import type { Services } from "../../../platform/services";
import { RoleGrantInput } from "../inputs";
import { spaceMembers, spaces } from "../schema";

/**
 * A coordinator (or platform admin) gives a role to a person with an account, found by email.
 * The person is told by mail, in their language; the change is audited with the space.
 */
export async function grantSpaceRole(
  services: Services,
  actor: { id: string },
  spaceId: string,
  input: { email?: unknown; role?: unknown; country?: unknown },
  ip: string | null = null,
): Promise<{ userId: string }> {
  const result = validateForm(RoleGrantInput, input);
  if (!result.isValid) throw validationFailed(result.errors);
  const { email, role, country } = result.data;
  return services.db.transaction(async (tx) => {
    const [space] = await tx.select({ id: spaces.id, slug: spaces.slug, title: spaces.title }).from(spaces).where(eq(spaces.id, spaceId));
    if (!space) throw notFound();
    const [person] = await tx
      .select({ id: users.id, email: users.email, displayName: users.displayName, locale: users.locale })
      .from(users)
      .where(and(sql`lower(${users.email}) = ${email}`, isNull(users.deletedAt)))
      .limit(1);
    if (!person) throw validationFailed({ email: { key: "space.validation.no_such_account" } });
    const inserted = await tx
      .insert(spaceMembers)
      .values({ spaceId, userId: person.id, role, country, createdAt: services.clock.now() })
      .onConflictDoNothing()
      .returning({ userId: spaceMembers.userId });
    if (!inserted.length) throw conflict("space.error.role_exists", { role: { key: "space.validation.role_exists" } });
    await recordAudit(tx, { actorUserId: actor.id, action: "space.role_granted", subjectType: "user", subjectId: person.id, spaceId, details: { role, country }, ip });
    if (person.id !== actor.id) {
      const t = translator(person.locale);
      const title = localizedString(space.title, person.locale);
      const roleName = country ? `${t(`space.role.${role}`)} (${countryName(country, person.locale)})` : t(`space.role.${role}`);
      await services.mailer.queue(
        {
          to: person.email,
          subject: t("space.mail.role_granted.subject", { space: title }),
          text: t("space.mail.role_granted.body", { name: person.displayName, space: title, role: roleName, link: `${services.config.publicUrl}/spaces/${space.slug}` }),
          locale: person.locale,
        },
        { db: tx },
      );
    }
    return { userId: person.id };
  });
}
