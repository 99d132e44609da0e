import { randomUUID } from "node:crypto";
import { eq, max } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { recordAudit } from "../../../platform/audit/record";
import { AppError, conflict, fieldErrorsFromZod, type FieldErrors } from "../../../platform/errors";
import { cleanLocalized } from "../../../platform/i18n/localized";
import type { Services } from "../../../platform/services";
import { parentsFirst, validateImportRows, type ImportItem, type ImportRowError, type RawImportRow } from "../framework-import";
import { FrameworkMetaInput } from "../inputs";
import { frameworkItems, frameworks, spaceFrameworks } from "../schema";
import { isUniqueViolation } from "./shared";

/** How rows are referred to in error fields: by line of a pasted/uploaded file, or by index in an API body. */
export type RowReference = "line" | "item";

/**
 * An import that was refused: field errors for the framework's own fields (key, name) and a list of
 * row problems with their lines. Nothing has been written.
 */
export class FrameworkImportRejected extends AppError {
  constructor(
    public readonly metaErrors: FieldErrors,
    public readonly rowErrors: ImportRowError[],
    reference: RowReference,
  ) {
    const rowFields: FieldErrors = {};
    for (const problem of rowErrors) {
      const name = reference === "item" ? `items.${problem.line - 1}.${problem.field}` : `lines.${problem.line}.${problem.field}`;
      rowFields[name] ??= { key: problem.key, values: { ...problem.values, line: problem.line } };
    }
    super("validation_failed", "framework.import.rejected", { ...metaErrors, ...rowFields }, { count: Object.keys(metaErrors).length + rowErrors.length });
  }
}

export type FrameworkImportInput = {
  meta: { key?: unknown; name?: unknown; description?: unknown; source?: unknown };
  rows: RawImportRow[];
  /** Problems found while reading the file (bad CSV, unknown columns), reported with the rest. */
  readErrors?: ImportRowError[];
  reference?: RowReference;
};

export type CheckedImport = { meta: FrameworkMetaInput; items: ImportItem[] };

const keyTaken = () => conflict("framework.error.key_taken", { key: { key: "framework.validation.key_taken" } });

/** Checks everything an import needs without writing: the preview step, and the first half of the import. */
export async function checkFrameworkImport(db: Database, input: FrameworkImportInput): Promise<CheckedImport> {
  const meta = FrameworkMetaInput.safeParse(input.meta);
  const metaErrors: FieldErrors = meta.success ? {} : fieldErrorsFromZod(meta.error);
  const readErrors = input.readErrors ?? [];
  // A file that could not be read at all (bad header, broken CSV) has no rows worth checking further.
  const checked = readErrors.length && !input.rows.length ? { items: [], errors: [] } : validateImportRows(input.rows);
  const items = checked.items;
  const errors = [...readErrors, ...checked.errors].sort((a, b) => a.line - b.line);
  const isKeyTaken = meta.success && (await db.select({ id: frameworks.id }).from(frameworks).where(eq(frameworks.key, meta.data.key)).limit(1)).length > 0;
  if (isKeyTaken && !errors.length) throw keyTaken();
  if (isKeyTaken) metaErrors.key = { key: "framework.validation.key_taken" };
  if (!meta.success || errors.length) throw new FrameworkImportRejected(metaErrors, errors, input.reference ?? "line");
  return { meta: { ...meta.data, name: cleanLocalized(meta.data.name), description: cleanLocalized(meta.data.description) }, items };
}

const CHUNK = 500;

/**
 * A coordinator imports a framework for their space: all rows or none. The framework, its items, its
 * place in the space's list and the audit entry are written in one transaction.
 */
export async function importFramework(
  services: Services,
  actor: { id: string },
  spaceId: string,
  input: FrameworkImportInput,
  ip: string | null = null,
): Promise<{ key: string; itemCount: number }> {
  const { meta, items } = await checkFrameworkImport(services.db, input);
  try {
    return await services.db.transaction(async (tx) => {
      const now = services.clock.now();
      const [framework] = await tx
        .insert(frameworks)
        .values({ key: meta.key, name: meta.name, description: meta.description, source: meta.source, ownerSpaceId: spaceId, createdBy: actor.id, createdAt: now, updatedAt: now })
        .returning({ id: frameworks.id });
      const idByKey = new Map(items.map((item) => [item.key, randomUUID()]));
      const position = new Map(items.map((item, index) => [item.key, index]));
      // Parents go first, so every chunk only points at rows already written.
      const ordered = parentsFirst(items);
      for (let start = 0; start < ordered.length; start += CHUNK) {
        await tx.insert(frameworkItems).values(
          ordered.slice(start, start + CHUNK).map((item) => ({
            id: idByKey.get(item.key) as string,
            frameworkId: framework.id,
            key: item.key,
            parentId: item.parentKey ? (idByKey.get(item.parentKey) as string) : null,
            kind: item.kind,
            number: item.number,
            label: item.label,
            position: position.get(item.key) as number,
          })),
        );
      }
      const [last] = await tx.select({ value: max(spaceFrameworks.position) }).from(spaceFrameworks).where(eq(spaceFrameworks.spaceId, spaceId));
      await tx.insert(spaceFrameworks).values({ spaceId, frameworkId: framework.id, position: (last?.value ?? -1) + 1 });
      await recordAudit(tx, {
        actorUserId: actor.id,
        action: "framework.imported",
        subjectType: "framework",
        subjectId: framework.id,
        spaceId,
        details: { key: meta.key, itemCount: items.length },
        ip,
      });
      return { key: meta.key, itemCount: items.length };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw keyTaken();
    throw error;
  }
}
