import { and, asc, desc, eq, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Database } from "../../../db/client";
import { users } from "../../../platform/schema";
import { spaceMembers, spaces } from "../../spaces/schema";
import { knowledgeDocuments } from "../schema";
import { knowledgeEnquiries, knowledgeEnquiryNotes, type EnquiryStatus } from "./schema";

/** A person the queue's mail goes to, or who may be assigned an enquiry. */
export type QueueWorker = { userId: string; displayName: string; email: string; locale: string };

const inScope = (spaceId: string | null): SQL => (spaceId === null ? isNull(knowledgeEnquiries.spaceId) : eq(knowledgeEnquiries.spaceId, spaceId));

/**
 * Who works a queue: the space's coordinators and the platform administrators (who may step in anywhere), or
 * only the administrators for platform-level enquiries. Deleted accounts never count.
 */
export async function queueWorkers(db: Database, spaceId: string | null): Promise<QueueWorker[]> {
  const isWorker =
    spaceId === null
      ? eq(users.isPlatformAdmin, true)
      : or(eq(users.isPlatformAdmin, true), sql`exists (select 1 from ${spaceMembers} where ${spaceMembers.spaceId} = ${spaceId} and ${spaceMembers.userId} = ${users.id} and ${spaceMembers.role} = 'coordinator')`);
  return db
    .select({ userId: users.id, displayName: users.displayName, email: users.email, locale: users.locale })
    .from(users)
    .where(and(isNull(users.deletedAt), isWorker))
    .orderBy(asc(users.displayName), asc(users.id));
}

/**
 * Who is told of a new enquiry: a space's coordinators (its own secretariat); only when a space has none, the
 * platform administrators, so no enquiry goes unseen. Platform-level enquiries go to the administrators.
 */
export async function enquiryRecipients(db: Database, spaceId: string | null): Promise<QueueWorker[]> {
  if (spaceId !== null) {
    const coordinators = await db
      .select({ userId: users.id, displayName: users.displayName, email: users.email, locale: users.locale })
      .from(spaceMembers)
      .innerJoin(users, eq(users.id, spaceMembers.userId))
      .where(and(eq(spaceMembers.spaceId, spaceId), eq(spaceMembers.role, "coordinator"), isNull(users.deletedAt)))
      .orderBy(asc(users.id));
    if (coordinators.length) return coordinators;
  }
  return queueWorkers(db, null);
}

export type QueueFilters = { status?: EnquiryStatus; language?: string; assignee?: "me" | "none" | string };

const askers = alias(users, "askers");
const assignees = alias(users, "assignees");

const listColumns = {
  id: knowledgeEnquiries.id,
  number: knowledgeEnquiries.number,
  question: knowledgeEnquiries.question,
  status: knowledgeEnquiries.status,
  askerLanguage: knowledgeEnquiries.askerLanguage,
  tags: knowledgeEnquiries.tags,
  createdAt: knowledgeEnquiries.createdAt,
  answeredAt: knowledgeEnquiries.answeredAt,
  assigneeUserId: knowledgeEnquiries.assigneeUserId,
  assigneeName: assignees.displayName,
  // a member's name comes from their account (never copied); a visitor's from the form
  askerName: sql<string>`coalesce(${askers.displayName}, ${knowledgeEnquiries.askerName})`,
  isMember: sql<boolean>`${knowledgeEnquiries.askerUserId} is not null`,
};

export type QueueItem = {
  id: string;
  number: number;
  question: string;
  status: EnquiryStatus;
  askerLanguage: string;
  tags: string[];
  createdAt: Date;
  answeredAt: Date | null;
  assigneeUserId: string | null;
  assigneeName: string | null;
  askerName: string;
  isMember: boolean;
};

/** One page of a queue, newest first (keyset on the reference number). */
export async function listEnquiries(
  db: Database,
  spaceId: string | null,
  filters: QueueFilters & { viewerId: string },
  page: { afterNumber?: number; limit: number },
): Promise<{ items: QueueItem[]; nextAfter: number | null }> {
  const conditions: SQL[] = [inScope(spaceId)];
  if (filters.status) conditions.push(eq(knowledgeEnquiries.status, filters.status));
  if (filters.language) conditions.push(eq(knowledgeEnquiries.askerLanguage, filters.language));
  if (filters.assignee === "me") conditions.push(eq(knowledgeEnquiries.assigneeUserId, filters.viewerId));
  else if (filters.assignee === "none") conditions.push(isNull(knowledgeEnquiries.assigneeUserId));
  else if (filters.assignee) conditions.push(eq(knowledgeEnquiries.assigneeUserId, filters.assignee));
  if (page.afterNumber !== undefined) conditions.push(lt(knowledgeEnquiries.number, page.afterNumber));
  const rows = await db
    .select(listColumns)
    .from(knowledgeEnquiries)
    .leftJoin(askers, eq(askers.id, knowledgeEnquiries.askerUserId))
    .leftJoin(assignees, eq(assignees.id, knowledgeEnquiries.assigneeUserId))
    .where(and(...conditions))
    .orderBy(desc(knowledgeEnquiries.number))
    .limit(page.limit + 1);
  const items: QueueItem[] = rows.slice(0, page.limit).map((row) => ({ ...row, number: Number(row.number), isMember: Boolean(row.isMember) }));
  return { items, nextAfter: rows.length > page.limit ? items[items.length - 1]!.number : null };
}

/** How many enquiries of a queue are in each status (the filter shows them). */
export async function countByStatus(db: Database, spaceId: string | null): Promise<Record<EnquiryStatus, number>> {
  const rows = await db
    .select({ status: knowledgeEnquiries.status, count: sql<number>`count(*)::int` })
    .from(knowledgeEnquiries)
    .where(inScope(spaceId))
    .groupBy(knowledgeEnquiries.status);
  const counts: Record<EnquiryStatus, number> = { new: 0, assigned: 0, answered: 0, closed: 0 };
  for (const row of rows) counts[row.status] = Number(row.count);
  return counts;
}

export type EnquiryNote = { id: string; body: string; createdAt: Date; authorName: string | null };

/** One enquiry as its queue's workers see it: the asker's name, address and language, notes and the FAQ entry. */
export type EnquiryDetail = typeof knowledgeEnquiries.$inferSelect & {
  askerDisplayName: string;
  /** Where replies go: the member's account address or the visitor's; null once erased. */
  replyAddress: string | null;
  assigneeName: string | null;
  answeredByName: string | null;
  faqSlug: string | null;
  faqSpaceSlug: string | null;
  notes: EnquiryNote[];
};

/** The enquiry with this reference number in this queue, or undefined (another queue's is not found here). */
export async function findEnquiry(db: Database, spaceId: string | null, number: number): Promise<EnquiryDetail | undefined> {
  const answerers = alias(users, "answerers");
  const [row] = await db
    .select({
      enquiry: knowledgeEnquiries,
      askerAccountName: askers.displayName,
      askerAccountEmail: askers.email,
      askerDeletedAt: askers.deletedAt,
      assigneeName: assignees.displayName,
      answeredByName: answerers.displayName,
      faqSlug: knowledgeDocuments.slug,
      faqSpaceSlug: spaces.slug,
    })
    .from(knowledgeEnquiries)
    .leftJoin(askers, eq(askers.id, knowledgeEnquiries.askerUserId))
    .leftJoin(assignees, eq(assignees.id, knowledgeEnquiries.assigneeUserId))
    .leftJoin(answerers, eq(answerers.id, knowledgeEnquiries.answeredBy))
    .leftJoin(knowledgeDocuments, eq(knowledgeDocuments.id, knowledgeEnquiries.faqDocumentId))
    .leftJoin(spaces, eq(spaces.id, knowledgeDocuments.spaceId))
    .where(and(inScope(spaceId), eq(knowledgeEnquiries.number, number)))
    .limit(1);
  if (!row) return undefined;
  const notes = await db
    .select({ id: knowledgeEnquiryNotes.id, body: knowledgeEnquiryNotes.body, createdAt: knowledgeEnquiryNotes.createdAt, authorName: users.displayName })
    .from(knowledgeEnquiryNotes)
    .leftJoin(users, eq(users.id, knowledgeEnquiryNotes.authorUserId))
    .where(eq(knowledgeEnquiryNotes.enquiryId, row.enquiry.id))
    .orderBy(asc(knowledgeEnquiryNotes.createdAt), asc(knowledgeEnquiryNotes.id));
  const isMember = row.enquiry.askerUserId !== null && row.askerDeletedAt === null;
  return {
    ...row.enquiry,
    askerDisplayName: isMember ? (row.askerAccountName ?? "") : row.enquiry.askerName,
    replyAddress: isMember ? row.askerAccountEmail : row.enquiry.askerEmail,
    assigneeName: row.assigneeName,
    answeredByName: row.answeredByName,
    faqSlug: row.faqSlug,
    faqSpaceSlug: row.faqSpaceSlug,
    notes,
  };
}

export type OwnEnquiry = {
  number: number;
  question: string;
  details: string;
  status: EnquiryStatus;
  answer: string;
  answeredAt: Date | null;
  createdAt: Date;
  spaceSlug: string | null;
  spaceTitle: Record<string, string | undefined> | null;
};

/** A signed-in person's own enquiries, newest first, with the answers they were sent. */
export async function enquiriesOfUser(db: Database, userId: string, limit = 200): Promise<OwnEnquiry[]> {
  const rows = await db
    .select({
      number: knowledgeEnquiries.number,
      question: knowledgeEnquiries.question,
      details: knowledgeEnquiries.details,
      status: knowledgeEnquiries.status,
      answer: knowledgeEnquiries.answer,
      answeredAt: knowledgeEnquiries.answeredAt,
      createdAt: knowledgeEnquiries.createdAt,
      spaceSlug: spaces.slug,
      spaceTitle: spaces.title,
    })
    .from(knowledgeEnquiries)
    .leftJoin(spaces, eq(spaces.id, knowledgeEnquiries.spaceId))
    .where(eq(knowledgeEnquiries.askerUserId, userId))
    .orderBy(desc(knowledgeEnquiries.number))
    .limit(limit);
  return rows.map((row) => ({ ...row, number: Number(row.number) }));
}
