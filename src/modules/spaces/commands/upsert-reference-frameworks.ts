import { randomUUID } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Services } from "../../../platform/services";
import { REFERENCE_FRAMEWORKS, type ReferenceFramework } from "../reference";
import { frameworkItems, frameworks } from "../schema";

/**
 * Loads the reference frameworks, matching frameworks and items by key: runs on every start, creates
 * what is missing and brings names and labels up to date. Items dropped from a data file are kept,
 * since content elsewhere may still point at them.
 */
export async function upsertReferenceFrameworks(services: Services, list: readonly ReferenceFramework[] = REFERENCE_FRAMEWORKS): Promise<void> {
  await services.db.transaction(async (tx) => {
    // Several processes may start at once on one server; they take turns so item ids never race.
    await tx.execute(sql`select pg_advisory_xact_lock(724113902)`);
    for (const reference of list) {
      const now = services.clock.now();
      await tx
        .insert(frameworks)
        .values({ key: reference.key, name: reference.name, description: reference.description, source: reference.source, unofficialLocales: reference.unofficial_locales })
        .onConflictDoUpdate({
          target: frameworks.key,
          set: { name: reference.name, description: reference.description, source: reference.source, unofficialLocales: reference.unofficial_locales, updatedAt: now },
          // A space's own framework that happens to use the same key is never overwritten.
          setWhere: isNull(frameworks.ownerSpaceId),
        });
      const [framework] = await tx.select({ id: frameworks.id }).from(frameworks).where(and(eq(frameworks.key, reference.key), isNull(frameworks.ownerSpaceId)));
      if (!framework) continue;

      const existing = await tx.select({ id: frameworkItems.id, key: frameworkItems.key }).from(frameworkItems).where(eq(frameworkItems.frameworkId, framework.id));
      const idByKey = new Map(existing.map((row) => [row.key, row.id]));
      for (const item of reference.items) if (!idByKey.has(item.key)) idByKey.set(item.key, randomUUID());
      const values = reference.items.map((item, position) => ({
        id: idByKey.get(item.key) as string,
        frameworkId: framework.id,
        key: item.key,
        parentId: item.parent_key ? (idByKey.get(item.parent_key) ?? null) : null,
        kind: item.kind,
        number: item.number,
        label: item.label,
        position,
      }));
      if (!values.length) continue;
      // One statement per framework: foreign keys to parents are checked at its end, so order does not matter.
      await tx
        .insert(frameworkItems)
        .values(values)
        .onConflictDoUpdate({
          target: [frameworkItems.frameworkId, frameworkItems.key],
          set: {
            parentId: sql`excluded.parent_id`,
            kind: sql`excluded.kind`,
            number: sql`excluded.number`,
            label: sql`excluded.label`,
            position: sql`excluded.position`,
          },
        });
    }
  });
}
