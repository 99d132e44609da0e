import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { and, eq, inArray, isNull } from "drizzle-orm";
import { AppError, type FieldError } from "../../../../platform/errors";
import { translator } from "../../../../platform/i18n/messages";
import type { Services } from "../../../../platform/services";
import { findSpaceBySlug } from "../../../spaces/queries";
import { knowledgeDocuments } from "../../schema";
import { parseGuidanceFile, type ParsedGuidanceFile } from "../front-matter";
import { saveDocument } from "./save-document";

/** One file of a folder or an upload: its name and raw bytes. */
export type ImportFile = { name: string; bytes: Buffer };

export type ImportOutcome = "created" | "updated" | "unchanged" | "failed";

/** What happened to one file; `errors` is keyed by the field (front-matter key, "body" or "file"). */
export type ImportFileReport = { file: string; id: string | null; outcome: ImportOutcome; version: number | null; errors: Record<string, FieldError> };

export type ImportReport = { isImported: boolean; files: ImportFileReport[] };

/** At most this many files in one import (a folder of a whole library is fine; a disk is not). */
export const MAX_IMPORT_FILES = 2000;

/** Reads a file's bytes as UTF-8 text (a byte-order mark dropped), or undefined when they are not UTF-8. */
function decode(bytes: Buffer): string | undefined {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    return undefined;
  }
}

class RolledBack extends Error {}

/**
 * Imports guidance and FAQ files (front matter `kind: faq`: the title is the question, the body the answer) into a
 * hub (a space, or the platform when `spaceId` is null): all of them or none.
 * Every file is checked first — its front matter, duplicate ids within the import, and that each
 * `translation_of` names a file of the import or a document already there; any problem and nothing is saved.
 * Then, in one transaction, originals are saved before translations. A file whose document is unchanged keeps
 * its version; a document's status and collection set in the UI survive a re-import.
 */
export async function importGuidance(services: Services, target: { spaceId: string | null }, actorUserId: string | null, files: ImportFile[], ip?: string | null): Promise<ImportReport> {
  const reports: ImportFileReport[] = [];
  const parsed = new Map<ImportFileReport, ParsedGuidanceFile>();
  for (const file of files.slice(0, MAX_IMPORT_FILES)) {
    const report: ImportFileReport = { file: file.name, id: null, outcome: "failed", version: null, errors: {} };
    reports.push(report);
    if (!/\.(md|markdown)$/i.test(file.name)) {
      report.errors.file = { key: "knowledge.import.error.not_markdown" };
      continue;
    }
    const text = decode(file.bytes);
    if (text === undefined) {
      report.errors.file = { key: "knowledge.import.error.not_text" };
      continue;
    }
    const result = parseGuidanceFile(text);
    if (!result.ok) {
      report.errors = result.errors;
      continue;
    }
    report.id = result.document.slug;
    // "new" is the address of the form that creates a document: no document can live there.
    if (result.document.slug === "new") {
      report.errors.id = { key: "knowledge.document.error.slug_invalid" };
      continue;
    }
    parsed.set(report, result.document);
  }
  if (files.length > MAX_IMPORT_FILES) reports.push({ file: "…", id: null, outcome: "failed", version: null, errors: { file: { key: "knowledge.import.error.too_many_files", values: { max: MAX_IMPORT_FILES } } } });
  if (files.length === 0) reports.push({ file: "—", id: null, outcome: "failed", version: null, errors: { file: { key: "knowledge.import.error.no_files" } } });

  // The same id twice would make one file silently overwrite the other: every file sharing it is an error.
  const byId = new Map<string, ImportFileReport[]>();
  for (const [report, document] of parsed) byId.set(document.slug, [...(byId.get(document.slug) ?? []), report]);
  for (const sharing of byId.values()) {
    if (sharing.length < 2) continue;
    for (const report of sharing) report.errors.id = { key: "knowledge.import.error.id_duplicate", values: { id: report.id ?? "", files: sharing.filter((other) => other !== report).map((other) => other.file).join(", ") } };
  }

  const inHub = target.spaceId === null ? isNull(knowledgeDocuments.spaceId) : eq(knowledgeDocuments.spaceId, target.spaceId);
  const slugs = [...new Set([...parsed.values()].flatMap((document) => [document.slug, document.translationOfSlug ?? ""]).filter(Boolean))];
  const existing = slugs.length
    ? await services.db
        .select({ slug: knowledgeDocuments.slug, status: knowledgeDocuments.status, collectionId: knowledgeDocuments.collectionId, kind: knowledgeDocuments.kind })
        .from(knowledgeDocuments)
        .where(and(inHub, inArray(knowledgeDocuments.slug, slugs)))
    : [];
  const existingBySlug = new Map(existing.map((row) => [row.slug, row]));
  for (const [report, document] of parsed) {
    const original = document.translationOfSlug;
    if (original && !byId.has(original) && !existingBySlug.has(original)) report.errors.translation_of = { key: "knowledge.document.error.translation_of_missing", values: { id: original } };
  }
  if (reports.some((report) => Object.keys(report.errors).length > 0)) return { isImported: false, files: reports };

  // Originals first, so a translation in the same import finds the document it translates.
  const ordered = [...parsed].sort(([, a], [, b]) => Number(a.translationOfSlug !== null && byId.has(a.translationOfSlug)) - Number(b.translationOfSlug !== null && byId.has(b.translationOfSlug)));
  try {
    await services.db.transaction(async (tx) => {
      const now = services.clock.now();
      for (const [report, document] of ordered) {
        const before = existingBySlug.get(document.slug);
        try {
          const saved = await saveDocument(
            tx,
            {
              spaceId: target.spaceId,
              slug: document.slug,
              // The file's `kind` when it names one; else the document keeps its kind (a new one is guidance).
              kind: document.kind ?? before?.kind ?? "guidance",
              language: document.language,
              title: document.title,
              tags: document.tags,
              bodyMd: document.bodyMd,
              status: before?.status ?? "published",
              translationOfSlug: document.translationOfSlug,
              collectionId: before?.collectionId ?? null,
            },
            { actorUserId, source: "import", sourceFile: report.file, now, ip: ip ?? null },
          );
          report.outcome = saved.isNew ? "created" : saved.isChanged ? "updated" : "unchanged";
          report.version = saved.version;
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          // The report names front-matter keys (save-document's field is translationOf).
          report.errors = Object.keys(error.fields).length
            ? Object.fromEntries(Object.entries(error.fields).map(([field, problem]) => [field === "translationOf" ? "translation_of" : field, problem]))
            : { file: { key: error.messageKey } };
          throw new RolledBack();
        }
      }
    });
  } catch (error) {
    if (!(error instanceof RolledBack)) throw error;
    for (const report of reports) {
      report.outcome = "failed";
      report.version = null;
    }
    return { isImported: false, files: reports };
  }
  return { isImported: true, files: reports };
}

/** The Markdown files of a folder (not its subfolders), by name. */
export function readGuidanceFolder(folder: string): ImportFile[] {
  return readdirSync(folder)
    .filter((name) => /\.(md|markdown)$/i.test(name) && statSync(join(folder, name)).isFile())
    .sort()
    .map((name) => ({ name, bytes: readFileSync(join(folder, name)) }));
}

type Output = { write(text: string): unknown };

/** One line per file: what happened, or each problem by field. */
export function formatImportReport(report: ImportReport, locale = "en"): string {
  const t = translator(locale);
  const lines = report.files.map((file) => {
    const problems = Object.entries(file.errors).map(([field, error]) => `\n    ${field}: ${t(error.key, error.values)}`);
    return `  ${file.file}${file.id ? ` (${file.id})` : ""}: ${t(`knowledge.import.outcome.${file.outcome}`)}${file.version && file.outcome !== "unchanged" ? ` v${file.version}` : ""}${problems.join("")}`;
  });
  const counts = (outcome: ImportOutcome) => report.files.filter((file) => file.outcome === outcome).length;
  const summary = report.isImported
    ? t("knowledge.import.summary_done", { created: counts("created"), updated: counts("updated"), unchanged: counts("unchanged") })
    : t("knowledge.import.summary_failed", { problems: report.files.filter((file) => Object.keys(file.errors).length).length, total: report.files.length });
  return `${summary}\n${lines.join("\n")}\n`;
}

/** `convene import-guidance --space SLUG --dir FOLDER` (or `--platform`): exit 0 when imported, 1 when not, 2 on usage. */
export async function importGuidanceCli(services: Services, args: string[], io: { stdout: Output; stderr: Output } = process): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args, options: { space: { type: "string" }, platform: { type: "boolean", default: false }, dir: { type: "string" } } }));
  } catch (caught) {
    io.stderr.write(`convene: ${(caught as Error).message}\n`);
    return 2;
  }
  if (!values.dir || Boolean(values.space) === Boolean(values.platform)) {
    io.stderr.write("convene: import-guidance needs --dir FOLDER and either --space SLUG or --platform\n");
    return 2;
  }
  let spaceId: string | null = null;
  if (values.space) {
    const space = await findSpaceBySlug(services.db, values.space);
    if (!space) {
      io.stderr.write(`convene: there is no space "${values.space}"\n`);
      return 1;
    }
    spaceId = space.id;
  }
  let files: ImportFile[];
  try {
    files = readGuidanceFolder(values.dir);
  } catch (caught) {
    io.stderr.write(`convene: cannot read ${values.dir}: ${(caught as Error).message}\n`);
    return 1;
  }
  const report = await importGuidance(services, { spaceId }, null, files);
  io.stdout.write(formatImportReport(report));
  return report.isImported ? 0 : 1;
}
