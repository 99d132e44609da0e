import { sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { textArrayLiteral } from "../../../db/sql";
import { contentStems } from "../../../platform/search/analyzer";
import type { GlossaryIndex } from "../../../platform/search/glossary";
import { recordVocabulary } from "../../../platform/search/vocabulary";
import { glossaryFor } from "../glossary/extension";
import { shippedGlossary } from "../glossary/load";
import type { DocumentKind, DocumentStatus } from "../schema";
import type { DocumentSection } from "./sections";

type Executor = Pick<Database, "execute">;

/** What search needs to know of a section: its stems (heading and body) and the glossary concepts it names. */
export function analyseSection(documentTitle: string, part: Pick<DocumentSection, "heading" | "bodyText" | "position">, glossary: GlossaryIndex = shippedGlossary({ withThesaurus: true })) {
  // The intro's heading is the document title; other sections carry their heading. The document title is
  // analysed with every section too: "Who can apply" only makes sense under "Observer accreditation".
  const headingStems = contentStems(part.position === 0 ? documentTitle : `${documentTitle}. ${part.heading}`);
  const bodyStems = contentStems(part.bodyText);
  const concepts = [...new Set([...glossary.conceptsInText(`${part.heading}. ${part.bodyText}`), ...glossary.conceptsInText(documentTitle)])];
  return { headingStems, bodyStems, stems: [...headingStems, ...bodyStems], concepts, wordCount: part.bodyText.split(/\s+/).filter(Boolean).length };
}

/**
 * Replaces a document's sections with the given ones (inside the caller's transaction). Heading stems get
 * weight A in the tsvector, body stems D, so a candidate query can prefer a match in a heading.
 */
export async function writeSections(
  tx: Executor,
  document: { id: string; spaceId: string | null; kind: DocumentKind; language: string; status: DocumentStatus; title: string },
  sections: DocumentSection[],
): Promise<void> {
  await tx.execute(sql`delete from knowledge_sections where document_id = ${document.id}`);
  await recordVocabulary(tx, [document.title, ...sections.flatMap((part) => [part.heading, part.bodyText])]);
  // The space's glossary (shipped concepts plus the terms its coordinators and the platform added), with the
  // thesaurus: the stored concepts are what answers match a question's concepts against.
  const glossary = await glossaryFor(tx as Database, document.spaceId, { withThesaurus: true });
  for (const part of sections) {
    const analysis = analyseSection(document.title, part, glossary);
    await tx.execute(sql`
      insert into knowledge_sections
        (document_id, space_id, kind, language, is_published, position, level, heading, anchor, body_text, body_html, stems, concepts, word_count, lexemes)
      values
        (${document.id}, ${document.spaceId}, ${document.kind}, ${document.language}, ${document.status === "published"}, ${part.position}, ${part.level},
         ${part.heading}, ${part.anchor}, ${part.bodyText}, ${part.bodyHtml}, ${textArrayLiteral(analysis.stems)}::text[], ${textArrayLiteral(analysis.concepts)}::text[], ${analysis.wordCount},
         setweight(to_tsvector('simple', ${analysis.headingStems.join(" ")}), 'A') || to_tsvector('simple', ${analysis.bodyStems.join(" ")}))`);
  }
}
