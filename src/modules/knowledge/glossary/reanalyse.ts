import { sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { queryRows, textArrayLiteral } from "../../../db/sql";
import type { JobHandler } from "../../../platform/jobs/queue";
import type { Services } from "../../../platform/services";
import { glossaryFor } from "./extension";

/** Job kind: re-find the glossary concepts of sections after a glossary change ({ spaceId: string | null }). */
export const REANALYSE_CONCEPTS_JOB = "knowledge.reanalyse_concepts";
const BATCH = 500;

type SectionRow = { id: string; space_id: string | null; title: string; heading: string; body_text: string; concepts: string[] };

/**
 * Re-finds the concepts of the sections a glossary change affects — a space's sections for a space's terms, every
 * section for the platform's — in batches (keyset on id), writing only the sections whose concepts changed.
 * Returns how many changed.
 */
export async function reanalyseConcepts(db: Database, spaceId: string | null): Promise<number> {
  let after = "00000000-0000-0000-0000-000000000000";
  let changed = 0;
  for (;;) {
    const rows = await queryRows<SectionRow>(
      db,
      sql`select s.id, s.space_id, d.title, s.heading, s.body_text, s.concepts
          from knowledge_sections s join knowledge_documents d on d.id = s.document_id
          where s.id > ${after} and ${spaceId === null ? sql`true` : sql`s.space_id = ${spaceId}`}
          order by s.id limit ${BATCH}`,
    );
    if (rows.length === 0) return changed;
    for (const row of rows) {
      const glossary = await glossaryFor(db, row.space_id, { withThesaurus: true });
      // The same text analyseSection reads (guidance/section-index.ts): heading and body, and the document title.
      const concepts = [...new Set([...glossary.conceptsInText(`${row.heading}. ${row.body_text}`), ...glossary.conceptsInText(row.title)])];
      const isSame = concepts.length === row.concepts.length && concepts.every((concept, index) => concept === row.concepts[index]);
      if (isSame) continue;
      await db.execute(sql`update knowledge_sections set concepts = ${textArrayLiteral(concepts)}::text[] where id = ${row.id}`);
      changed += 1;
    }
    after = rows.at(-1)!.id;
  }
}

/** The knowledge module's glossary jobs, for its manifest. */
export function knowledgeGlossaryJobs(services: Services): Record<string, JobHandler> {
  return {
    [REANALYSE_CONCEPTS_JOB]: async (payload) => {
      const spaceId = typeof payload.spaceId === "string" ? payload.spaceId : null;
      await reanalyseConcepts(services.db, spaceId);
    },
  };
}
