import { sql } from "drizzle-orm";
import { queryRows, textArrayLiteral } from "../../../db/sql";
import { recordAudit } from "../../../platform/audit/record";
import { notFound, validationFailed, type FieldErrors } from "../../../platform/errors";
import { cleanLocalized, type LocalizedText } from "../../../platform/i18n/localized";
import { reportSectionSource } from "../../../platform/reports/sections";
import type { Services } from "../../../platform/services";
import { markdownHtml } from "../../../platform/markdown/document";
import { orderedSectionKeys, type NarrativeSlot, type Narratives } from "../document";
import { findReport, type ReportView } from "../queries";

export const SYMBOL_MAX = 120;
export const NARRATIVE_MAX = 20_000;
const TITLE_MAX = 300;

/** A report's fields as checked: the period half-open, the narratives with their HTML rendered now. */
export type ReportInput = { title: LocalizedText; periodFrom: string; periodUntil: string; symbol: string; sectionKeys: string[]; narratives: Narratives };

/** What the form posts: the last day of the period (inclusive), narratives per slot as Markdown per language. */
export type ReportForm = { title: LocalizedText; periodFrom: unknown; periodTo: unknown; symbol: unknown; sectionKeys: unknown[]; narratives: Partial<Record<NarrativeSlot, LocalizedText>> };

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (value: unknown): value is string => typeof value === "string" && ISO_DAY.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);

function dayAfter(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/** Checks the form; every problem is named by its field so the form re-renders with the input kept. */
export function checkReport(form: ReportForm): ReportInput {
  const errors: FieldErrors = {};
  const title = cleanLocalized(form.title);
  if (!Object.keys(title).length) errors.title = { key: "reports.error.title_required" };
  else if (Object.values(title).some((text) => (text ?? "").length > TITLE_MAX)) errors.title = { key: "reports.error.too_long", values: { max: TITLE_MAX } };
  if (!isDay(form.periodFrom)) errors.period_from = { key: "reports.error.bad_date" };
  if (!isDay(form.periodTo)) errors.period_to = { key: "reports.error.bad_date" };
  else if (isDay(form.periodFrom) && form.periodTo < form.periodFrom) errors.period_to = { key: "reports.error.period_order" };
  const symbol = typeof form.symbol === "string" ? form.symbol.trim() : "";
  if (symbol.length > SYMBOL_MAX) errors.symbol = { key: "reports.error.too_long", values: { max: SYMBOL_MAX } };
  const keys = form.sectionKeys.filter((key): key is string => typeof key === "string");
  if (keys.length !== form.sectionKeys.length || keys.some((key) => !reportSectionSource(key))) errors.sections = { key: "reports.error.bad_section" };
  const narratives: Narratives = {};
  for (const [slot, markdown] of Object.entries(form.narratives) as [NarrativeSlot, LocalizedText][]) {
    const cleaned = cleanLocalized(markdown);
    if (!Object.keys(cleaned).length) continue;
    if (Object.values(cleaned).some((text) => (text ?? "").length > NARRATIVE_MAX)) {
      errors[`narrative_${slot}`] = { key: "reports.error.too_long", values: { max: NARRATIVE_MAX } };
      continue;
    }
    // rendered once, when written (house style): pages and freezing only copy the HTML
    narratives[slot] = { markdown: cleaned, html: Object.fromEntries(Object.entries(cleaned).map(([locale, text]) => [locale, markdownHtml(text ?? "")])) };
  }
  if (Object.keys(errors).length) throw validationFailed(errors);
  return { title, periodFrom: form.periodFrom as string, periodUntil: dayAfter(form.periodTo as string), symbol, sectionKeys: orderedSectionKeys(keys), narratives };
}

type Actor = { id: string; ip: string };

/** Creates a draft report in a space. */
export async function createReport(services: Services, actor: Actor, spaceId: string, input: ReportInput): Promise<ReportView> {
  return services.db.transaction(async (tx) => {
    const [row] = await queryRows<{ id: string }>(
      tx,
      sql`insert into report_reports (space_id, title, period_from, period_until, symbol, section_keys, narratives, created_by)
        values (${spaceId}, ${JSON.stringify(input.title)}::jsonb, ${input.periodFrom}::date, ${input.periodUntil}::date, ${input.symbol},
          ${textArrayLiteral(input.sectionKeys)}::text[], ${JSON.stringify(input.narratives)}::jsonb, ${actor.id}) returning id`,
    );
    await recordAudit(tx, { actorUserId: actor.id, action: "report.created", subjectType: "report", subjectId: row!.id, spaceId, ip: actor.ip });
    return (await findReport(tx, spaceId, row!.id))!;
  });
}

/** Saves the draft (frozen versions are untouched: they are separate rows). */
export async function updateReport(services: Services, actor: Actor, report: Pick<ReportView, "id" | "spaceId">, input: ReportInput): Promise<void> {
  await services.db.transaction(async (tx) => {
    const rows = await queryRows<{ id: string }>(
      tx,
      sql`update report_reports set title = ${JSON.stringify(input.title)}::jsonb, period_from = ${input.periodFrom}::date, period_until = ${input.periodUntil}::date,
          symbol = ${input.symbol}, section_keys = ${textArrayLiteral(input.sectionKeys)}::text[], narratives = ${JSON.stringify(input.narratives)}::jsonb, updated_at = now()
        where id = ${report.id} and space_id = ${report.spaceId} returning id`,
    );
    if (!rows.length) throw notFound();
    await recordAudit(tx, { actorUserId: actor.id, action: "report.updated", subjectType: "report", subjectId: report.id, spaceId: report.spaceId, ip: actor.ip });
  });
}
