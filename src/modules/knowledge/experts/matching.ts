import { sql, type SQL } from "drizzle-orm";
import { textArrayLiteral } from "../../../db/sql";
import type { SearchQuery } from "../../../platform/search/providers";

/**
 * One SQL condition per thing the query asks for, on a column of content stems (text[]):
 * a glossary concept the query names matches any of its terms in either language (all the term's stems present),
 * so «водно-болотные угодья» finds a profile that says "wetlands"; every other content word matches its stem or
 * a typo correction of it. The directory requires all conditions; site search ranks by how many hold.
 */
export function stemConditions(column: SQL, query: SearchQuery): SQL[] {
  const conditions: SQL[] = [];
  const covered = new Set<string>();
  for (const concept of query.concepts) {
    const terms = [...concept.stems.en, ...concept.stems.ru].filter((term) => term.length > 0);
    if (!terms.length) continue;
    for (const term of terms) for (const stem of term) covered.add(stem);
    conditions.push(sql`(${sql.join(terms.map((term) => sql`${column} @> ${textArrayLiteral(term)}::text[]`), sql` or `)})`);
  }
  for (const stem of new Set(query.stems)) {
    if (covered.has(stem)) continue;
    conditions.push(sql`${column} && ${textArrayLiteral([stem, ...(query.corrections[stem] ?? [])])}::text[]`);
  }
  return conditions;
}
