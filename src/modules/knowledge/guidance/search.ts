import { sql } from "drizzle-orm";
import { queryRows, textArrayLiteral } from "../../../db/sql";
import { contentStems } from "../../../platform/search/analyzer";
import type { SearchHit, SearchProvider, SearchQuery, SearchViewer } from "../../../platform/search/providers";
import type { Services } from "../../../platform/services";
import { visibleSpaceCondition } from "../../spaces/queries";
import type { DocumentKind } from "../schema";

/** Candidate sections read per search before one best section per document is chosen. */
const CANDIDATES = 300;
const SNIPPET_WORDS = 40;

/** A lexeme as to_tsquery reads it: quoted, with anything but letters, digits and hyphens removed. */
function lexeme(stem: string): string {
  const clean = stem.replace(/[^\p{L}\p{N}-]/gu, "");
  return clean ? `'${clean}'` : "";
}

/**
 * One "unit" of the query per content stem: matched when the section has the stem, one of its typo
 * corrections, or a glossary concept whose terms (in either language) contain it — so a Russian query
 * matches English text through the glossary.
 */
type QueryUnit = { stem: string; alternatives: string[]; concepts: string[] };

export function queryUnits(query: SearchQuery): QueryUnit[] {
  const units = new Map<string, QueryUnit>();
  for (const stem of query.stems) {
    if (units.has(stem)) continue;
    const concepts = query.concepts.filter((concept) => Object.values(concept.stems).some((terms) => terms.some((term) => term.includes(stem)))).map((concept) => concept.id);
    units.set(stem, { stem, alternatives: [stem, ...(query.corrections[stem] ?? [])], concepts });
  }
  return [...units.values()];
}

/** The OR-query of every stem, correction and concept term (a term's stems joined by AND) for the GIN index. */
export function candidateTsQuery(query: SearchQuery): string {
  const parts = new Set<string>();
  for (const stem of [...query.stems, ...Object.values(query.corrections).flat()]) {
    const item = lexeme(stem);
    if (item) parts.add(item);
  }
  for (const concept of query.concepts) {
    for (const terms of Object.values(concept.stems)) {
      for (const term of terms) {
        const items = term.map(lexeme).filter(Boolean);
        if (items.length) parts.add(items.length === 1 ? items[0]! : `(${items.join(" & ")})`);
      }
    }
  }
  return [...parts].join(" | ");
}

type CandidateRow = {
  document_id: string;
  slug: string;
  title: string;
  language: string;
  updated_at: Date | string;
  space_slug: string | null;
  heading: string;
  anchor: string;
  position: number;
  body_text: string;
  stems: string[];
  concepts: string[];
};

/** A snippet of the section around its first matched word (plain text; the view escapes it). */
function snippetOf(text: string, matched: Set<string>): { snippet: string; words: string[] } {
  const words = text.split(/\s+/).filter(Boolean);
  let first = -1;
  const hits = new Set<string>();
  for (let index = 0; index < Math.min(words.length, 600); index += 1) {
    const stem = contentStems(words[index]!)[0];
    if (stem && matched.has(stem)) {
      if (first < 0) first = index;
      hits.add(words[index]!.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ""));
    }
  }
  const start = Math.max(0, first - 10);
  const slice = words.slice(start, start + SNIPPET_WORDS).join(" ");
  return { snippet: `${start > 0 ? "… " : ""}${slice}${start + SNIPPET_WORDS < words.length ? " …" : ""}`, words: [...hits].filter(Boolean) };
}

/**
 * Searches the sections of published guidance or FAQ documents the viewer may see (platform documents, and
 * those of visible spaces that have the knowledge feature on): candidates through the lexeme and concept
 * indexes, then each scored by the share of the query's stems it covers (title matches weigh a little more),
 * one hit per document — its best section, linked by anchor.
 */
export async function searchDocuments(services: Services, kind: DocumentKind, query: SearchQuery, viewer: SearchViewer, limit: number): Promise<{ hits: SearchHit[]; total: number }> {
  const units = queryUnits(query);
  const tsQuery = candidateTsQuery(query);
  const conceptIds = query.concepts.map((concept) => concept.id);
  if (!units.length && !conceptIds.length) return { hits: [], total: 0 };
  // Platform documents are public; a space's only where the viewer may see the space and it has the feature on.
  const visible = sql`(s.space_id is null or exists (select 1 from spaces where spaces.id = s.space_id and 'knowledge' = any(spaces.enabled_modules) and ${visibleSpaceCondition(viewer ?? null)}))`;
  const rows = await queryRows<CandidateRow>(
    services.db,
    sql`select s.document_id, d.slug, d.title, d.language, d.updated_at, sp.slug as space_slug, s.heading, s.anchor, s.position, s.body_text, s.stems, s.concepts
      from knowledge_sections s
      join knowledge_documents d on d.id = s.document_id
      left join spaces sp on sp.id = s.space_id
      where s.kind = ${kind} and s.is_published
        and (${tsQuery ? sql`s.lexemes @@ to_tsquery('simple', ${tsQuery})` : sql`false`} or s.concepts && ${textArrayLiteral(conceptIds)}::text[])
        and ${query.spaceId ? sql`s.space_id = ${query.spaceId}` : sql`true`}
        and ${visible}
      order by ${tsQuery ? sql`ts_rank(s.lexemes, to_tsquery('simple', ${tsQuery}))` : sql`0`} + cardinality(array(select unnest(s.concepts) intersect select unnest(${textArrayLiteral(conceptIds)}::text[]))) desc, s.document_id, s.position
      limit ${CANDIDATES}`,
  );
  const best = new Map<string, { row: CandidateRow; score: number; matched: Set<string> }>();
  for (const row of rows) {
    const stems = new Set(row.stems);
    const concepts = new Set(row.concepts);
    const titleStems = new Set(contentStems(row.title));
    const matched = new Set<string>();
    let covered = 0;
    let inTitle = 0;
    for (const unit of units) {
      const direct = unit.alternatives.filter((stem) => stems.has(stem));
      const isCovered = direct.length > 0 || unit.concepts.some((concept) => concepts.has(concept));
      if (!isCovered) continue;
      covered += 1;
      for (const stem of direct) matched.add(stem);
      if (unit.alternatives.some((stem) => titleStems.has(stem))) inTitle += 1;
    }
    // A query of glossary concepts only (no stems left) scores by the concepts the section names.
    const coverage = units.length ? covered / units.length : conceptIds.filter((id) => concepts.has(id)).length / conceptIds.length;
    const score = Math.min(1, coverage * 0.85 + (units.length ? (inTitle / units.length) * 0.15 : 0));
    if (score <= 0) continue;
    const previous = best.get(row.document_id);
    if (!previous || score > previous.score) best.set(row.document_id, { row, score, matched });
  }
  const ranked = [...best.values()].sort((a, b) => b.score - a.score);
  const hits = ranked.slice(0, limit).map(({ row, score, matched }): SearchHit => {
    const base = row.space_slug ? `/spaces/${row.space_slug}/knowledge` : "/knowledge";
    const { snippet, words } = snippetOf(row.body_text, matched);
    return {
      type: kind,
      id: row.document_id,
      title: row.position === 0 || kind === "faq" ? row.title : `${row.title} — ${row.heading}`,
      snippet,
      highlight: words,
      url: kind === "faq" ? `${base}/faq#${row.slug}` : `${base}/guidance/${row.slug}#${row.anchor}`,
      language: row.language,
      score,
      updatedAt: new Date(row.updated_at),
    };
  });
  return { hits, total: ranked.length };
}

export const guidanceSearchProvider: SearchProvider = {
  type: "guidance",
  labelMessage: "search.type.guidance",
  search: (services, query, viewer, limit) => searchDocuments(services, "guidance", query, viewer, limit),
};

export const faqSearchProvider: SearchProvider = {
  type: "faq",
  labelMessage: "search.type.faq",
  search: (services, query, viewer, limit) => searchDocuments(services, "faq", query, viewer, limit),
};
