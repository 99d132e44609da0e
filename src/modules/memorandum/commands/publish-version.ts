import { sql } from "drizzle-orm";
import { queryRows } from "../../../db/sql";
import { recordAudit } from "../../../platform/audit/record";
import { validationFailed, type FieldErrors } from "../../../platform/errors";
import { cleanLocalized, type LocalizedText } from "../../../platform/i18n/localized";
import type { Services } from "../../../platform/services";
import { markdownHtml } from "../../../platform/markdown/document";
import { INVITE_RESIGN_JOB } from "../jobs";
import { memorandumVersions } from "../schema";

export type Actor = { id: string; ip?: string | null };
export type VersionInput = { bodyMd: LocalizedText; changeSummary: LocalizedText };

/** Longest text per language: a memorandum is a few pages, never a book. */
export const BODY_MAX = 60_000;
export const SUMMARY_MAX = 2_000;

const tooLong = (value: LocalizedText, max: number) => Object.values(value).some((text) => (text ?? "").length > max);
/**
 * The text's HTML with its headings one level down (`#` becomes h2): the page's own h1 is the memorandum's title.
 * Raw HTML is escaped by the renderer, so every `<hN>` in its output is its own.
 */
export function renderBody(markdown: string): string {
  return markdownHtml(markdown).replace(/<(\/?)h([1-6])>/g, (_, slash: string, level: string) => `<${slash}h${Math.min(6, Number(level) + 1)}>`);
}
const hasNul = (value: LocalizedText) => Object.values(value).some((text) => (text ?? "").includes("\u0000"));

/**
 * Publishes the next version of a space's memorandum: the Markdown per language as written and its HTML rendered
 * once here (the secretariat's subset: headings and tables, raw HTML escaped, only web and mail links). Every later
 * version needs a change summary and a text that differs from the current one. In the same transaction the
 * re-sign invitation job is queued (earlier signatories' admins are mailed in their language) and the act audited.
 */
export async function publishVersion(services: Services, actor: Actor, spaceId: string, input: VersionInput): Promise<number> {
  const bodyMd = cleanLocalized(input.bodyMd);
  const changeSummary = cleanLocalized(input.changeSummary);
  const errors: FieldErrors = {};
  if (!Object.keys(bodyMd).length) errors.body = { key: "memorandum.error.body_required" };
  else if (tooLong(bodyMd, BODY_MAX) || hasNul(bodyMd)) errors.body = { key: "memorandum.error.body_too_long", values: { max: BODY_MAX } };
  if (tooLong(changeSummary, SUMMARY_MAX) || hasNul(changeSummary)) errors.change_summary = { key: "memorandum.error.summary_too_long", values: { max: SUMMARY_MAX } };
  if (Object.keys(errors).length) throw validationFailed(errors);
  return services.db.transaction(async (tx) => {
    // One publisher at a time per space: the lock makes "the next number" and "the text changed" exact.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('memorandum:' || ${spaceId}))`);
    const [current] = await queryRows<{ version: number; body_md: LocalizedText }>(tx, sql`select version, body_md from memorandum_versions where space_id = ${spaceId} order by version desc limit 1`);
    if (current) {
      if (!Object.keys(changeSummary).length) throw validationFailed({ change_summary: { key: "memorandum.error.summary_required" } });
      if (JSON.stringify(cleanLocalized(current.body_md)) === JSON.stringify(bodyMd)) throw validationFailed({ body: { key: "memorandum.error.unchanged" } });
    }
    const version = current ? Number(current.version) + 1 : 1;
    const bodyHtml = Object.fromEntries(Object.entries(bodyMd).map(([locale, text]) => [locale, renderBody(text ?? "")])) as LocalizedText;
    await tx.insert(memorandumVersions).values({ spaceId, version, bodyMd, bodyHtml, changeSummary, publishedBy: actor.id, publishedAt: services.clock.now() });
    if (version > 1) await services.jobs.enqueue(INVITE_RESIGN_JOB, { spaceId, version }, { db: tx });
    await recordAudit(tx, { actorUserId: actor.id, action: "memorandum.version_published", subjectType: "space", subjectId: spaceId, spaceId, details: { version }, ip: actor.ip ?? null });
    return version;
  });
}
