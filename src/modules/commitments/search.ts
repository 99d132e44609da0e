import { sql } from "drizzle-orm";
import { tsvectorProvider, type TsvectorRow } from "../../platform/search/tsvector-provider";
import { visibleSpaceCondition } from "../spaces/queries";

/**
 * A search reads at most this many matching commitments (in index order) and ranks those: a common word matching
 * half a million commitments costs one bounded read, not a sort of all of them. The count then says "more than".
 */
export const COMMITMENT_CANDIDATES_MAX = 500;

type Row = TsvectorRow & { number: number; space_slug: string };

/**
 * "commitment": published commitments of the spaces the viewer may see, found through their English and Russian
 * full-text vectors. Every query unit must match (a named glossary concept by any of its terms in either
 * language); when that finds nothing, any unit will do.
 */
export const commitmentSearchProvider = tsvectorProvider<Row>({
  type: "commitment",
  labelMessage: "search.type.commitment",
  candidatesMax: COMMITMENT_CANDIDATES_MAX,
  // Only published commitments, in spaces the viewer may see that have commitments switched on: the rule of the
  // space's list and open data. The partial full-text index of migration 0014 holds exactly the published ones.
  candidates: ({ tsquery, viewer, inSpace }) =>
    sql`select c.id, c.number, c.title, c.description as summary, c.updated_at, spaces.slug as space_slug, ts_rank(c.search_vector, ${tsquery}) as rank
      from commitments c join spaces on spaces.id = c.space_id
      where c.status = 'published' and c.search_vector @@ ${tsquery}
        and ${visibleSpaceCondition(viewer)}
        and 'commitments' = any(spaces.enabled_modules) ${inSpace(sql`c.space_id`)}`,
  url: (row) => `/spaces/${row.space_slug}/commitments/${row.number}`,
});
