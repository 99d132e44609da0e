import { sql, type SQL } from "drizzle-orm";
import type { Database } from "../../db/client";
import { queryRows } from "../../db/sql";
import { cardSummary, inEveryLocale } from "../../platform/content/card-helpers";
import type { ContentCard, ContentSource } from "../../platform/content/sources";
import type { LocalizedText } from "../../platform/i18n/localized";

type Row = { id: string; space_id: string; space_slug: string; number: number | string; title: LocalizedText; narrative: LocalizedText; stage: string; percent_complete: number | null; created_at: Date | string };

// Progress reports of published commitments in public spaces with commitments on: what anyone may read.
const IS_PUBLIC = sql`c.status = 'published' and s.visibility = 'public' and s.archived_at is null and 'commitments' = any(s.enabled_modules)`;

function toCard(row: Row): ContentCard {
  const meta = inEveryLocale((t) => {
    const stage = t(`commitment.browse.stage.${row.stage}`);
    return row.percent_complete === null ? t("commitment.content.report_meta", { stage }) : t("commitment.content.report_meta_percent", { stage, percent: row.percent_complete });
  });
  return {
    kind: "commitment-report",
    id: row.id,
    spaceId: row.space_id,
    title: row.title,
    summary: cardSummary(row.narrative),
    path: `/spaces/${row.space_slug}/commitments/${row.number}`,
    date: new Date(row.created_at),
    meta,
  };
}

async function select(db: Database, where: SQL, limit: number): Promise<ContentCard[]> {
  const rows = await queryRows<Row>(db, sql`
    select r.id, c.space_id, s.slug as space_slug, c.number, c.title, r.narrative, r.stage, r.percent_complete, r.created_at
    from progress_reports r join commitments c on c.id = r.commitment_id join spaces s on s.id = c.space_id
    where ${IS_PUBLIC} and ${where}
    order by r.created_at desc, r.id
    limit ${limit}`);
  return rows.map(toCard);
}

/** Progress reports on published commitments as cards (the programme digest lists those made in its period). */
export const commitmentReportContentSource: ContentSource = {
  kind: "commitment-report",
  labelKey: "commitment.content.report_kind",
  async cards(db, ids) {
    const valid = ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
    if (!valid.length) return [];
    const byId = new Map((await select(db, sql`r.id = any(${valid}::uuid[])`, valid.length)).map((card) => [card.id, card]));
    return valid.flatMap((id) => byId.get(id) ?? []);
  },
  recent: (db, spaceId, range, limit) => select(db, sql`c.space_id = ${spaceId} and r.created_at >= ${range.since} and r.created_at < ${range.until}`, limit),
  find(db, spaceId, text, limit) {
    const pattern = `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
    return select(db, text ? sql`c.space_id = ${spaceId} and c.title::text ilike ${pattern}` : sql`c.space_id = ${spaceId}`, limit);
  },
};
