import { eq, like, or } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { recordAudit } from "../../../platform/audit/record";
import { conflict } from "../../../platform/errors";
import { localizedString } from "../../../platform/i18n/localized";
import type { Services } from "../../../platform/services";
import type { OrganisationInput } from "../inputs";
import { organisationMembers, organisations } from "../schema";
import { forgetFacetCounts } from "../queries";
import { buildSearchText } from "../search-text";
import { replaceTargets } from "../targets";
import { RESERVED_SLUGS, slugify } from "../slug";

/**
 * Registers an organisation; its creator becomes its admin. The slug comes from the name (English if given,
 * transliterated to Latin letters) with "-2", "-3"... when taken. Permission (a verified account) is checked
 * by the caller. `options.slug` lets the demo seed choose a fixed slug.
 */
export async function createOrganisation(
  services: Services,
  creatorId: string,
  input: OrganisationInput,
  options: { slug?: string; ip?: string } = {},
): Promise<{ id: string; slug: string }> {
  const now = services.clock.now();
  const created = await services.db.transaction(async (tx) => {
    const base = options.slug ?? slugify(localizedString(input.name, "en"));
    const values = {
      name: input.name,
      description: input.description,
      actorType: input.actorType,
      country: input.country,
      website: input.website,
      contacts: input.contacts,
      createdBy: creatorId,
      createdAt: now,
      updatedAt: now,
      themes: input.themes,
      searchText: buildSearchText(input.name, input.description, input.themes),
    };
    const inserted = await insertWithFreeSlug(tx, base, values);
    await replaceTargets(tx, inserted.id, input.itemIds);
    await tx.insert(organisationMembers).values({ organisationId: inserted.id, userId: creatorId, role: "admin", createdAt: now });
    await recordAudit(tx, {
      actorUserId: creatorId,
      action: "organisation.created",
      subjectType: "organisation",
      subjectId: inserted.id,
      details: { slug: inserted.slug, actorType: input.actorType },
      ip: options.ip ?? null,
    });
    return inserted;
  });
  forgetFacetCounts(services.db);
  return created;
}

async function insertWithFreeSlug(tx: Database, base: string, values: Omit<typeof organisations.$inferInsert, "slug">): Promise<{ id: string; slug: string }> {
  const taken = new Set(
    (await tx.select({ slug: organisations.slug }).from(organisations).where(or(eq(organisations.slug, base), like(organisations.slug, `${base}-%`)))).map((row) => row.slug),
  );
  for (let number = 1; number < 10_000; number++) {
    const candidate = number === 1 ? base : `${base}-${number}`;
    if (taken.has(candidate) || RESERVED_SLUGS.has(candidate)) continue;
    // Another request may take the same slug between our read and insert: then nothing is inserted and we try the next.
    const [row] = await tx.insert(organisations).values({ ...values, slug: candidate }).onConflictDoNothing({ target: organisations.slug }).returning({ id: organisations.id });
    if (row) return { id: row.id, slug: candidate };
  }
  throw conflict();
}
