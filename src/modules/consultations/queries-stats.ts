import { asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../db/client";
import { queryRows } from "../../db/sql";
import type { LocalizedText } from "../../platform/i18n/localized";
import { SUPPRESSION_THRESHOLD, suppressSmallCells, type StatCell } from "../../platform/statistics/small-cells";
import { consultationGroups, consultationTopics } from "./schema";

export { SUPPRESSION_THRESHOLD, suppressSmallCells, type StatCell } from "../../platform/statistics/small-cells";

export type GroupStat = StatCell & { number: number; title: LocalizedText };
export type TopicStat = StatCell & { number: number; groupNumber: number; title: LocalizedText };

export type ConsultationStatistics = {
  totals: { contributions: number; participants: number };
  groups: GroupStat[];
  topics: TopicStat[];
  /** Key: the organisation's actor type; "" for people posting for themselves. */
  actorTypes: StatCell[];
  /** Key: the organisation's ISO country code; "" when unknown (no organisation, or none given). */
  countries: StatCell[];
  /** Key: the self-identified constituency; "" when not stated. Aggregate only, with suppression. */
  constituencies: StatCell[];
  /** Key: the contribution's language (en, ru, other). */
  languages: StatCell[];
};

const Cell = z.object({
  key: z.string(),
  contributions: z.number().int().nullable().describe("null when suppressed"),
  participants: z.number().int().nullable().describe("Distinct authors; null when suppressed"),
  suppressed: z.boolean(),
});
export const StatsOut = z.object({
  totals: z.object({ contributions: z.number().int(), participants: z.number().int() }),
  groups: z.array(Cell.extend({ number: z.number().int(), title: z.record(z.string(), z.string()) })),
  topics: z.array(Cell.extend({ number: z.number().int(), group_number: z.number().int(), title: z.record(z.string(), z.string()) })),
  actor_types: z.array(Cell).describe("key: actor type of the organisation posted for; empty for people posting for themselves"),
  countries: z.array(Cell).describe("key: ISO 3166-1 alpha-2 of the organisation; empty when unknown"),
  constituencies: z.array(Cell).describe(`key: self-identified constituency, empty when not stated; cells with fewer than ${SUPPRESSION_THRESHOLD} participants are suppressed, and when only one cell would be, the next smallest is too`),
  languages: z.array(Cell),
  suppression_threshold: z.number().int(),
});

type Dimension = "group" | "topic" | "actor_type" | "country" | "constituency" | "language" | "total";
type Row = { dimension: Dimension; key: string | number | null; contributions: number | string; participants: number | string };

const text = (value: LocalizedText): Record<string, string> =>
  Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === "string"));

const cell = (key: string, contributions: number, participants: number): StatCell => ({ key, contributions, participants, isSuppressed: false });

/**
 * Participation statistics of a consultation's published contributions: every breakdown in one grouping-sets
 * query, plus the groups' and topics' titles (so empty ones show as zero). Held, hidden and deleted
 * contributions do not count. Returns the figures for the page and the API's JSON.
 */
export async function consultationStats(db: Database, consultationId: string): Promise<{ stats: ConsultationStatistics; json: z.infer<typeof StatsOut> }> {
  const [rows, groups, topics] = await Promise.all([
    queryRows<Row>(db, sql`
      with base as (
        select c.author_id, g.number as group_number, t.number as topic_number, coalesce(o.actor_type, '') as actor_type,
          coalesce(o.country, '') as country, coalesce(c.constituency, '') as constituency, c.language
        from consultation_contributions c
        join consultation_topics t on t.id = c.topic_id
        join consultation_groups g on g.id = t.group_id
        left join organisations o on o.id = c.organisation_id
        where c.consultation_id = ${consultationId} and c.status = 'published'
      )
      select
        case
          when grouping(group_number) = 0 then 'group'
          when grouping(topic_number) = 0 then 'topic'
          when grouping(actor_type) = 0 then 'actor_type'
          when grouping(country) = 0 then 'country'
          when grouping(constituency) = 0 then 'constituency'
          when grouping(language) = 0 then 'language'
          else 'total'
        end as dimension,
        coalesce(group_number::text, topic_number::text, actor_type, country, constituency, language) as key,
        count(*) as contributions, count(distinct author_id) as participants
      from base
      group by grouping sets ((group_number), (topic_number), (actor_type), (country), (constituency), (language), ())`),
    db.select().from(consultationGroups).where(eq(consultationGroups.consultationId, consultationId)).orderBy(asc(consultationGroups.number)),
    db.select().from(consultationTopics).where(eq(consultationTopics.consultationId, consultationId)).orderBy(asc(consultationTopics.number)),
  ]);
  const of = (dimension: Dimension) =>
    rows
      .filter((row) => row.dimension === dimension)
      .map((row) => cell(String(row.key ?? ""), Number(row.contributions), Number(row.participants)))
      .sort((a, b) => (b.contributions ?? 0) - (a.contributions ?? 0) || a.key.localeCompare(b.key));
  const find = (dimension: Dimension, key: string) => of(dimension).find((candidate) => candidate.key === key) ?? cell(key, 0, 0);
  const total = rows.find((row) => row.dimension === "total");
  const groupNumberOf = new Map(groups.map((group) => [group.id, group.number]));
  const stats: ConsultationStatistics = {
    totals: { contributions: Number(total?.contributions ?? 0), participants: Number(total?.participants ?? 0) },
    groups: groups.map((group) => ({ ...find("group", String(group.number)), number: group.number, title: group.title })),
    topics: topics.map((topic) => ({ ...find("topic", String(topic.number)), number: topic.number, groupNumber: groupNumberOf.get(topic.groupId) ?? 0, title: topic.title })),
    actorTypes: of("actor_type"),
    countries: of("country"),
    constituencies: suppressSmallCells(of("constituency")),
    languages: of("language"),
  };
  const out = (value: StatCell) => ({ key: value.key, contributions: value.contributions, participants: value.participants, suppressed: value.isSuppressed });
  return {
    stats,
    json: {
      totals: stats.totals,
      groups: stats.groups.map((group) => ({ ...out(group), number: group.number, title: text(group.title) })),
      topics: stats.topics.map((topic) => ({ ...out(topic), number: topic.number, group_number: topic.groupNumber, title: text(topic.title) })),
      actor_types: stats.actorTypes.map(out),
      countries: stats.countries.map(out),
      constituencies: stats.constituencies.map(out),
      languages: stats.languages.map(out),
      suppression_threshold: SUPPRESSION_THRESHOLD,
    },
  };
}
