import type { SQL } from "drizzle-orm";
import type { Database } from "./client";

/** Runs raw SQL through Drizzle and returns its rows; both drivers answer with `{ rows }`. */
export async function queryRows<T>(db: Database, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** Escapes `%`, `_` and `\` so user text matches literally inside a LIKE/ILIKE pattern. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/**
 * A PostgreSQL text-array literal (`{"a","b"}`) for a list bound as one parameter (`${textArrayLiteral(list)}::text[]`):
 * Drizzle would spread a JavaScript array into separate parameters. Every element is quoted, with quotes and
 * backslashes escaped, so any text is safe in it.
 */
export function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replace(/["\\]/g, "\\$&")}"`).join(",")}}`;
}
