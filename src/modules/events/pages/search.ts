import { sql } from "drizzle-orm";
import { tsvectorProvider, type TsvectorRow } from "../../../platform/search/tsvector-provider";
import { eventPath, visibleEventCondition } from "../queries";

type Row = TsvectorRow & { slug: string; space_slug: string };

/** Enough candidates to rank well; beyond it the total is a lower bound. */
const EVENT_CANDIDATES_MAX = 2_000;

/**
 * "event": the events the viewer may see (visibleEventCondition — the rule of the lists and the calendar), by the
 * full-text index of migration 0026 over titles, summaries and descriptions in English and Russian.
 */
export const eventSearchProvider = tsvectorProvider<Row>({
  type: "event",
  labelMessage: "search.type.event",
  candidatesMax: EVENT_CANDIDATES_MAX,
  candidates: ({ tsquery, viewer, inSpace }) =>
    sql`select e.id, e.slug, e.title, e.summary, e.updated_at, s.slug as space_slug, ts_rank(e.search_vector, ${tsquery}) as rank
      from events e join spaces s on s.id = e.space_id
      where e.search_vector @@ ${tsquery} and ${visibleEventCondition(viewer)} ${inSpace(sql`e.space_id`)}`,
  url: (row) => eventPath(row.space_slug, row.slug),
});
