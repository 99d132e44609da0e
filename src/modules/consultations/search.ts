import { sql, type SQL } from "drizzle-orm";
import { localize, type LocalizedText } from "../../platform/i18n/localized";
import { makeSnippet, plainFromMarkdown } from "../../platform/search/snippet";
import { fullTextSearchProvider, scoreFromRank } from "../../platform/search/tsquery";
import type { Viewer } from "../spaces/permissions";
import { visibleSpaceCondition } from "../spaces/queries";
import { visibleConsultationCondition } from "./good-practices";

/** As for commitments: at most this many matches are read and ranked; beyond it the count says "more than". */
export const CONTRIBUTION_CANDIDATES_MAX = 500;

type Row = {
  id: string;
  number: number;
  body: string;
  language: string;
  updated_at: Date | string;
  space_slug: string;
  consultation_slug: string;
  topic_title: LocalizedText;
  rank: number;
};

/**
 * Breakout isolation (canSeeAllBreakouts in permissions.ts) in SQL: a contribution posted inside a session's
 * breakout is found by the session's facilitators (and the space's coordinators and facilitators, platform
 * admins), by the members of that breakout, and by everyone else only once the session has closed or the
 * consultation is archived.
 */
function breakoutCondition(viewer: Viewer, now: Date): SQL {
  if (viewer?.isPlatformAdmin) return sql`true`;
  const isClosed = sql`((consultations.archived_at is not null and consultations.archived_at <= ${now}) or least(consultations.closes_at, g.closes_at, t.closes_at) <= ${now})`;
  if (!viewer) return sql`(c.breakout_id is null or g.kind <> 'session' or ${isClosed})`;
  return sql`(c.breakout_id is null or g.kind <> 'session' or ${isClosed}
    or exists (select 1 from space_members m where m.space_id = consultations.space_id and m.user_id = ${viewer.id} and m.role in ('coordinator', 'facilitator'))
    or exists (select 1 from consultation_group_facilitators f where f.group_id = g.id and f.user_id = ${viewer.id})
    or exists (select 1 from consultation_breakout_members b where b.breakout_id = c.breakout_id and b.user_id = ${viewer.id}))`;
}

/**
 * "contribution": published contributions of consultations the viewer may see, found through their full-text
 * vector (English or Russian by the contribution's language). Titled by their topic.
 */
export const contributionSearchProvider = fullTextSearchProvider<Row>({
  type: "contribution",
  labelMessage: "search.type.contribution",
  candidatesMax: CONTRIBUTION_CANDIDATES_MAX,
  candidates(services, tsquery, query, searchViewer) {
    const viewer: Viewer = searchViewer ? { id: searchViewer.id, isPlatformAdmin: searchViewer.isPlatformAdmin } : null;
    const spaceFilter: SQL = query.spaceId ? sql`and consultations.space_id = ${query.spaceId}` : sql``;
    // Published contributions only (never held, hidden or deleted), in consultations the viewer may see (drafts,
    // members-only ones and private spaces follow the consultation pages' rules), breakouts isolated as on the topic page.
    // The visibility joins sit in a lateral subquery (offset 0 keeps the planner from flattening it), so the
    // matching contributions drive the plan and the caller's limit stops the read. Joined flat, the planner
    // misjudged OR-heavy glossary queries, looped over the few visible consultations and materialised every
    // matching contribution first (EXPLAIN ANALYZE at 200,000 contributions: 22,861 rows spilled to disk, ~110 ms
    // idle, against ~20 ms this way).
    return sql`select c.id, c.number, c.body, c.language, coalesce(c.edited_at, c.created_at) as updated_at, v.space_slug,
      v.consultation_slug, v.topic_title, ts_rank(c.search_vector, ${tsquery}) as rank
    from consultation_contributions c
    cross join lateral (
      select spaces.slug as space_slug, consultations.slug as consultation_slug, t.title as topic_title
      from consultations
      join spaces on spaces.id = consultations.space_id
      join consultation_topics t on t.id = c.topic_id
      join consultation_groups g on g.id = t.group_id
      where consultations.id = c.consultation_id
        and ${visibleSpaceCondition(viewer)} and ${visibleConsultationCondition(viewer)} and ${breakoutCondition(viewer, services.clock.now())} ${spaceFilter}
      offset 0
    ) v
    where c.status = 'published' and c.search_vector @@ ${tsquery}`;
  },
  toHit(row, _query, highlight) {
    return {
      type: "contribution",
      id: row.id,
      title: `${localize(row.topic_title, row.language).text} · #${row.number}`,
      snippet: makeSnippet(plainFromMarkdown(row.body), highlight),
      highlight,
      url: `/spaces/${row.space_slug}/consultations/${row.consultation_slug}/contributions/${row.number}`,
      language: row.language,
      // a contribution's text has no title: its matches count a little less than a titled item's
      score: scoreFromRank(Number(row.rank)) * 0.9,
      updatedAt: new Date(row.updated_at),
    };
  },
});
