import { statSync } from "node:fs";
import { parseArgs } from "node:util";
import { BackupError, restoreBackupFile, writeBackupFile } from "./backup";

function failed(error: unknown): number {
  // Refusals and damaged files are the operator's to read: one line, exit code 1. Anything else is a bug to see whole.
  if (!(error instanceof BackupError)) throw error;
  process.stderr.write(`convene: ${error.message}\n`);
  return 1;
}

/** The default backup name: sortable, and safe in every file system. */
function defaultBackupName(now = new Date()): string {
  return `convene-backup-${now.toISOString().slice(0, 19).replaceAll(":", "")}Z.gz`;
}

/** `convene backup [FILE]`; returns the exit code. */
export async function backupCli(databaseUrl: string, args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  if (positionals.length > 1) return failed(new BackupError("backup takes one file name"));
  const file = positionals[0] ?? defaultBackupName();
  try {
    const summary = await writeBackupFile(databaseUrl, file);
    process.stdout.write(`backed up ${summary.rows} rows of ${summary.tables} tables (schema at ${summary.migration}) to ${file} (${statSync(file).size} bytes)\n`);
    return 0;
  } catch (error) {
    return failed(error);
  }
}

/** `convene restore FILE [--force]`; returns the exit code. */
export async function restoreCli(databaseUrl: string, args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { force: { type: "boolean", default: false } } });
  } catch (error) {
    return failed(new BackupError((error as Error).message));
  }
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length) return failed(new BackupError("restore needs one backup file: convene restore FILE [--force]"));
  try {
    const summary = await restoreBackupFile(databaseUrl, file, { force: parsed.values.force });
    const after = summary.appliedAfter.length ? `; then applied ${summary.appliedAfter.join(", ")}` : "";
    process.stdout.write(`restored ${summary.rows} rows of ${summary.tables} tables from ${file} (schema at ${summary.backupMigration}${after})\n`);
    return 0;
  } catch (error) {
    return failed(error);
  }
}
