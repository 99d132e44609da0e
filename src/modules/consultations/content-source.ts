import { sql, type SQL } from "drizzle-orm";
import type { Database } from "../../db/client";
import { queryRows } from "../../db/sql";
import { cardSummary, inEveryLocale } from "../../platform/content/card-helpers";
import type { ContentCard, ContentSource } from "../../platform/content/sources";
import type { LocalizedText } from "../../platform/i18n/localized";
import { intlFormat } from "../../platform/i18n/messages";
import { consultationPath } from "./views/structure-shared";

type Row = { id: string; space_id: string; space_slug: string; slug: string; title: LocalizedText; description: LocalizedText; opens_at: Date | string | null; closes_at: Date | string | null; change: "opened" | "closed" | "open" };

// Only what anyone may read: published, public consultations of public spaces that have consultations on.
const IS_PUBLIC = sql`c.status = 'published' and c.visibility = 'public' and c.archived_at is null
  and s.visibility = 'public' and s.archived_at is null and 'consultations' = any(s.enabled_modules)`;

function toCard(row: Row): ContentCard {
  const opensAt = row.opens_at ? new Date(row.opens_at) : null;
  const closesAt = row.closes_at ? new Date(row.closes_at) : null;
  const date = row.change === "closed" && closesAt ? closesAt : (opensAt ?? closesAt ?? new Date(0));
  const meta = inEveryLocale((t, code) => t(`consultation.content.${row.change}`, { date: intlFormat(code).date(date) }));
  return { kind: "consultation", id: row.id, spaceId: row.space_id, title: row.title, summary: cardSummary(row.description), path: consultationPath(row.space_slug, row.slug), date, meta };
}

async function select(db: Database, where: SQL, order: SQL, limit: number, change: SQL = sql`'open'`): Promise<ContentCard[]> {
  const rows = await queryRows<Row>(db, sql`
    select c.id, c.space_id, s.slug as space_slug, c.slug, c.title, c.description, c.opens_at, c.closes_at, ${change} as change
    from consultations c join spaces s on s.id = c.space_id
    where ${IS_PUBLIC} and ${where}
    order by ${order}
    limit ${limit}`);
  return rows.map(toCard);
}

/** Consultations as cards: for the programme digest, those that opened or closed in the period. */
export const consultationContentSource: ContentSource = {
  kind: "consultation",
  labelKey: "consultation.content.kind",
  async cards(db, ids) {
    const valid = ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
    if (!valid.length) return [];
    const cards = await select(db, sql`c.id = any(${valid}::uuid[])`, sql`c.id`, valid.length);
    const byId = new Map(cards.map((card) => [card.id, card]));
    return valid.flatMap((id) => byId.get(id) ?? []);
  },
  async recent(db, spaceId, range, limit) {
    const closedInRange = sql`(c.closes_at >= ${range.since} and c.closes_at < ${range.until})`;
    const openedInRange = sql`(c.opens_at >= ${range.since} and c.opens_at < ${range.until})`;
    return select(
      db,
      sql`c.space_id = ${spaceId} and (${openedInRange} or ${closedInRange})`,
      sql`(case when ${closedInRange} then c.closes_at else c.opens_at end) desc, c.id`,
      limit,
      sql`case when ${closedInRange} then 'closed' else 'opened' end`,
    );
  },
  async find(db, spaceId, text, limit) {
    const pattern = `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
    return select(db, text ? sql`c.space_id = ${spaceId} and c.title::text ilike ${pattern}` : sql`c.space_id = ${spaceId}`, sql`c.created_at desc, c.id`, limit);
  },
};
