import { sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { queryRows } from "../../../db/sql";
import { notFound } from "../../../platform/errors";

/** Who acts: the signed-in curator, and their address for the audit log. */
export type Actor = { id: string; ip?: string | null };

/**
 * Locks a showcase's row for the rest of the transaction: curations of one showcase (adding at the end, moving)
 * run one after another, so two curators never get the same position. 404 when it is not in the space.
 */
export async function lockShowcase(tx: Database, spaceId: string, showcaseId: string): Promise<void> {
  const [row] = await queryRows<{ id: string }>(tx, sql`select id from showcases where id = ${showcaseId} and space_id = ${spaceId} for update`);
  if (!row) throw notFound();
}

/** Marks the showcase changed (its feed's and page's "updated"). */
export async function touchShowcase(tx: Database, showcaseId: string, now: Date): Promise<void> {
  await tx.execute(sql`update showcases set updated_at = ${now} where id = ${showcaseId}`);
}

/** The position after the last entry. */
export async function nextPosition(tx: Database, showcaseId: string): Promise<number> {
  const [row] = await queryRows<{ next: number }>(tx, sql`select coalesce(max(position), 0) + 1 as next from showcase_items where showcase_id = ${showcaseId}`);
  return Number(row.next);
}
