import { and, eq, inArray, isNull, ne, or } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { conflict, validationFailed, type FieldErrors } from "../../../platform/errors";
import { validateForm } from "../../../platform/http/forms";
import { cleanLocalized } from "../../../platform/i18n/localized";
import { SpaceInput, type SpaceData } from "../inputs";
import { frameworks, spaceFrameworks, spaces } from "../schema";

/** Validates space input, throwing field errors the form shows beside each field. */
export function parseSpaceInput(input: SpaceInput | Record<string, unknown>): SpaceData {
  const result = validateForm(SpaceInput, input);
  if (!result.isValid) throw validationFailed(collapseFieldErrors(result.errors));
  return { ...result.data, title: cleanLocalized(result.data.title), description: cleanLocalized(result.data.description) };
}

/** "title.en" and "frameworkKeys.3" are shown on their whole field ("title", "frameworks"). */
export function collapseFieldErrors(errors: FieldErrors): FieldErrors {
  const result: FieldErrors = {};
  for (const [name, error] of Object.entries(errors)) {
    const field = name.split(".")[0] === "frameworkKeys" ? "frameworks" : name.split(".")[0];
    result[field] ??= error;
  }
  return result;
}

export const slugTaken = () => conflict("space.error.slug_taken", { slug: { key: "space.validation.slug_taken" } });

/** PostgreSQL's unique_violation, whichever driver wrapped it. */
export function isUniqueViolation(error: unknown): boolean {
  const candidate = error as { code?: string; cause?: { code?: string } } | null;
  return candidate?.code === "23505" || candidate?.cause?.code === "23505";
}

export async function assertSlugFree(db: Database, slug: string, exceptSpaceId: string | null): Promise<void> {
  const [taken] = await db
    .select({ id: spaces.id })
    .from(spaces)
    .where(and(eq(spaces.slug, slug), exceptSpaceId ? ne(spaces.id, exceptSpaceId) : undefined))
    .limit(1);
  if (taken) throw slugTaken();
}

/**
 * Framework ids for the keys a space lists, in that order. Only reference frameworks and the space's
 * own imported ones may be chosen; anything else is a field error.
 */
export async function resolveFrameworkIds(db: Database, keys: string[], spaceId: string | null): Promise<string[]> {
  const unique = [...new Set(keys)];
  if (!unique.length) return [];
  const rows = await db
    .select({ id: frameworks.id, key: frameworks.key })
    .from(frameworks)
    .where(and(inArray(frameworks.key, unique), spaceId ? or(isNull(frameworks.ownerSpaceId), eq(frameworks.ownerSpaceId, spaceId)) : isNull(frameworks.ownerSpaceId)));
  const idByKey = new Map(rows.map((row) => [row.key, row.id]));
  if (unique.some((key) => !idByKey.has(key))) throw validationFailed({ frameworks: { key: "validation.invalid_choice" } });
  return unique.map((key) => idByKey.get(key) as string);
}

export async function replaceSpaceFrameworks(db: Database, spaceId: string, frameworkIds: string[]): Promise<void> {
  await db.delete(spaceFrameworks).where(eq(spaceFrameworks.spaceId, spaceId));
  if (frameworkIds.length) await db.insert(spaceFrameworks).values(frameworkIds.map((frameworkId, position) => ({ spaceId, frameworkId, position })));
}
