import { sql, type SQL } from "drizzle-orm";
import type { FastifyRequest } from "fastify";
import type { Database } from "../../db/client";
import { queryRows } from "../../db/sql";
import { notFound } from "../../platform/errors";
import type { LocalizedText } from "../../platform/i18n/localized";
import { getSpaceForViewer, type ViewedSpace } from "../spaces/queries";
import { canManageFollowup } from "./permissions";
import { FOLLOWUP_STATUSES, OPEN_STATUSES, type FollowupStatus } from "./schema";

export type ItemView = {
  id: string;
  spaceId: string;
  number: number;
  title: LocalizedText;
  description: LocalizedText;
  recommendationId: string | null;
  recommendationLabel: string;
  recommendationPath: string;
  actorOrganisationIds: string[];
  actorText: string;
  status: FollowupStatus;
  dueOn: string | null;
  evidenceText: string;
  evidenceLinks: string[];
  doneAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

type ItemRow = {
  id: string; space_id: string; number: number | string; title: LocalizedText; description: LocalizedText; recommendation_id: string | null; recommendation_label: string;
  recommendation_path: string; actor_organisation_ids: string[]; actor_text: string; status: FollowupStatus; due_on: string | Date | null; evidence_text: string;
  evidence_links: string[]; done_at: Date | string | null; created_at: Date | string; updated_at: Date | string;
};

const day = (value: string | Date | null): string | null => (value === null ? null : typeof value === "string" ? value.slice(0, 10) : value.toISOString().slice(0, 10));

function toView(row: ItemRow): ItemView {
  return {
    id: row.id, spaceId: row.space_id, number: Number(row.number), title: row.title, description: row.description, recommendationId: row.recommendation_id,
    recommendationLabel: row.recommendation_label, recommendationPath: row.recommendation_path, actorOrganisationIds: row.actor_organisation_ids, actorText: row.actor_text,
    status: row.status, dueOn: day(row.due_on), evidenceText: row.evidence_text, evidenceLinks: row.evidence_links, doneAt: row.done_at === null ? null : new Date(row.done_at),
    createdAt: new Date(row.created_at), updatedAt: new Date(row.updated_at),
  };
}

const SELECT = sql`select id, space_id, number, title, description, recommendation_id, recommendation_label, recommendation_path, actor_organisation_ids, actor_text,
  status, due_on, evidence_text, evidence_links, done_at, created_at, updated_at from followup_items`;

/** The day (UTC) due dates are compared with. */
export const today = (now: Date): string => now.toISOString().slice(0, 10);

/** Overdue: still planned or in progress after its due date (the due date itself is not yet overdue). */
export const isOverdue = (item: Pick<ItemView, "status" | "dueOn">, now: Date): boolean => item.dueOn !== null && OPEN_STATUSES.includes(item.status) && item.dueOn < today(now);

export const overdueCondition = (now: Date): SQL => sql`status in ('planned', 'in_progress') and due_on < ${today(now)}::date`;

export type ItemFilters = { status?: FollowupStatus; isOverdue?: boolean };

/** Filters from the query string (`status`, `overdue=1`); anything else is ignored. */
export function filtersFromQuery(query: unknown): ItemFilters {
  const raw = (query && typeof query === "object" ? query : {}) as Record<string, unknown>;
  const filters: ItemFilters = {};
  if (typeof raw.status === "string" && (FOLLOWUP_STATUSES as readonly string[]).includes(raw.status)) filters.status = raw.status as FollowupStatus;
  if (raw.overdue === "1" || raw.overdue === "true") filters.isOverdue = true;
  return filters;
}

export const LIST_LIMIT = 1000;

/** A space's items by number (bounded: a process has tens to a few hundred). */
export async function listItems(db: Database, spaceId: string, filters: ItemFilters, now: Date, options: { order?: "number" | "updated"; limit?: number } = {}): Promise<ItemView[]> {
  const parts: SQL[] = [sql`space_id = ${spaceId}`];
  if (filters.status) parts.push(sql`status = ${filters.status}`);
  if (filters.isOverdue) parts.push(overdueCondition(now));
  const order = options.order === "updated" ? sql`updated_at desc, id` : sql`number`;
  const rows = await queryRows<ItemRow>(db, sql`${SELECT} where ${sql.join(parts, sql` and `)} order by ${order} limit ${options.limit ?? LIST_LIMIT}`);
  return rows.map(toView);
}

/**
 * A space's items as they stood at `at` (exclusive), by number: those created before it, each with the status of
 * its last change before it (the history replayed, so a later change does not show) and `doneAt` only when that
 * status is done. Due dates and texts are today's (only statuses have a history).
 */
export async function listItemsAsOf(db: Database, spaceId: string, at: Date, limit = LIST_LIMIT): Promise<ItemView[]> {
  const rows = await queryRows<ItemRow & { status_at: FollowupStatus | null; done_at_then: Date | string | null }>(
    db,
    sql`select i.*, h.to_status as status_at, h.done_at_then from (${SELECT} where space_id = ${spaceId} and created_at < ${at}) i
      left join lateral (select c.to_status, case when c.to_status = 'done' then c.changed_at end as done_at_then from followup_status_changes c
        where c.item_id = i.id and c.changed_at < ${at} order by c.changed_at desc, c.id desc limit 1) h on true
      order by i.number limit ${limit}`,
  );
  return rows.map(({ status_at: statusAt, done_at_then: doneAtThen, ...row }) => toView({ ...row, status: statusAt ?? "planned", done_at: doneAtThen }));
}

export async function findItem(db: Database, spaceId: string, number: string | number): Promise<ItemView | undefined> {
  const value = Number(number);
  if (!Number.isSafeInteger(value) || value < 1 || value > 2_000_000_000) return undefined;
  const [row] = await queryRows<ItemRow>(db, sql`${SELECT} where space_id = ${spaceId} and number = ${value}`);
  return row ? toView(row) : undefined;
}

export async function findItemById(db: Database, id: string): Promise<ItemView | undefined> {
  const [row] = await queryRows<ItemRow>(db, sql`${SELECT} where id = ${id}`);
  return row ? toView(row) : undefined;
}

export type StatusChange = { fromStatus: FollowupStatus | null; toStatus: FollowupStatus; note: string; changedByName: string | null; changedAt: Date };

/** An item's status history, oldest first (the first entry is its creation). */
export async function statusHistory(db: Database, itemId: string): Promise<StatusChange[]> {
  const rows = await queryRows<{ from_status: FollowupStatus | null; to_status: FollowupStatus; note: string; display_name: string | null; changed_at: Date | string }>(
    db,
    sql`select c.from_status, c.to_status, c.note, u.display_name, c.changed_at from followup_status_changes c left join users u on u.id = c.changed_by
      where c.item_id = ${itemId} order by c.changed_at, c.id`,
  );
  return rows.map((row) => ({ fromStatus: row.from_status, toStatus: row.to_status, note: row.note, changedByName: row.display_name, changedAt: new Date(row.changed_at) }));
}

/** The recommendations (contribution ids) that already have an item in the space. */
export async function linkedRecommendationIds(db: Database, spaceId: string): Promise<Set<string>> {
  const rows = await queryRows<{ recommendation_id: string }>(db, sql`select recommendation_id from followup_items where space_id = ${spaceId} and recommendation_id is not null`);
  return new Set(rows.map((row) => row.recommendation_id));
}

/**
 * A space whose follow-up this viewer may see: follow-up belongs to consultations (seed 003's follow-up and review
 * of recommendations), so it is there when the space has the consultations feature; 404 otherwise.
 */
export async function loadFollowupSpace(request: FastifyRequest, slug: string): Promise<{ space: ViewedSpace; canManage: boolean }> {
  const space = await getSpaceForViewer(request.server.services.db, slug, request.user);
  if (!space.enabledModules.includes("consultations")) throw notFound();
  return { space, canManage: canManageFollowup(request.user, space.viewerRoles) };
}

export const followupPath = (spaceSlug: string): string => `/spaces/${spaceSlug}/follow-up`;
export const itemPath = (spaceSlug: string, number: number): string => `${followupPath(spaceSlug)}/${number}`;
