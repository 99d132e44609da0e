import { and, asc, count, desc, eq, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { queryRows } from "../../../db/sql";
import { notFound } from "../../../platform/errors";
import { users } from "../../../platform/schema";
import { knowledgeCollections, knowledgeDocuments, knowledgeDocumentVersions, knowledgeSections, type DocumentKind } from "../schema";
import { SLUG_PATTERN } from "./front-matter";
import type { KnowledgeScope } from "./scope";

export type Collection = typeof knowledgeCollections.$inferSelect;
export type DocumentRow = typeof knowledgeDocuments.$inferSelect;

/** A document as lists show it (no text). */
export type DocumentSummary = Pick<DocumentRow, "id" | "slug" | "kind" | "language" | "title" | "tags" | "status" | "version" | "collectionId" | "translationOf" | "updatedAt">;

/** A document in a list with the other languages it exists in. */
export type DocumentGroupEntry = DocumentSummary & { translations: Pick<DocumentSummary, "slug" | "language" | "title">[] };

const summaryColumns = {
  id: knowledgeDocuments.id,
  slug: knowledgeDocuments.slug,
  kind: knowledgeDocuments.kind,
  language: knowledgeDocuments.language,
  title: knowledgeDocuments.title,
  tags: knowledgeDocuments.tags,
  status: knowledgeDocuments.status,
  version: knowledgeDocuments.version,
  collectionId: knowledgeDocuments.collectionId,
  translationOf: knowledgeDocuments.translationOf,
  updatedAt: knowledgeDocuments.updatedAt,
};

/** Documents of this hub (space or platform); drafts only for the people who manage it. */
export function inScope(scope: Pick<KnowledgeScope, "spaceId" | "canManage">): SQL {
  const where = scope.spaceId === null ? isNull(knowledgeDocuments.spaceId) : eq(knowledgeDocuments.spaceId, scope.spaceId);
  return scope.canManage ? where : and(where, eq(knowledgeDocuments.status, "published"))!;
}

/** The collections of a hub, in their order. */
export async function listCollections(db: Database, spaceId: string | null): Promise<Collection[]> {
  return db
    .select()
    .from(knowledgeCollections)
    .where(spaceId === null ? isNull(knowledgeCollections.spaceId) : eq(knowledgeCollections.spaceId, spaceId))
    .orderBy(asc(knowledgeCollections.position), asc(knowledgeCollections.slug));
}

/** How many documents (drafts included) a collection holds: what its delete step says will stay. */
export async function countCollectionDocuments(db: Database, collectionId: string): Promise<number> {
  const [row] = await db.select({ documents: count() }).from(knowledgeDocuments).where(eq(knowledgeDocuments.collectionId, collectionId));
  return row?.documents ?? 0;
}

/** The key that ties a document to its translations: the original's id. */
export const translationGroup = (document: Pick<DocumentSummary, "id" | "translationOf">): string => document.translationOf ?? document.id;

export type LibraryFilter = { kind: DocumentKind; language?: string; tag?: string; collectionId?: string };

/** At most this many documents on one list page (a hub of thousands is browsed by collection, tag and search). */
export const LIST_LIMIT = 500;

/**
 * The documents of a hub for the library or FAQ page. With a language, only documents in it; without, one
 * document per translation group — the one in `preferredLanguage` when it exists, else the original — each
 * with the other languages it is available in.
 */
export async function listLibrary(db: Database, scope: KnowledgeScope, filter: LibraryFilter, preferredLanguage: string): Promise<(DocumentGroupEntry & { bodyHtml: string })[]> {
  const rows = await db
    // The HTML is read only for FAQ lists, where the answers are shown with their questions.
    .select({ ...summaryColumns, bodyHtml: filter.kind === "faq" ? knowledgeDocuments.bodyHtml : sql<string>`''` })
    .from(knowledgeDocuments)
    .where(
      and(
        inScope(scope),
        eq(knowledgeDocuments.kind, filter.kind),
        filter.tag ? sql`${knowledgeDocuments.tags} @> array[${filter.tag}]::text[]` : undefined,
        filter.collectionId ? eq(knowledgeDocuments.collectionId, filter.collectionId) : undefined,
      ),
    )
    .orderBy(asc(knowledgeDocuments.position), asc(knowledgeDocuments.title), asc(knowledgeDocuments.id))
    .limit(LIST_LIMIT * 2);
  type Row = (typeof rows)[number];
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const key = translationGroup(row);
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const result: (DocumentGroupEntry & { bodyHtml: string })[] = [];
  for (const members of groups.values()) {
    const shown = filter.language
      ? members.filter((member) => member.language === filter.language)
      : [members.find((member) => member.language === preferredLanguage) ?? members.find((member) => member.translationOf === null) ?? members[0]!];
    for (const document of shown) {
      result.push({ ...document, translations: members.filter((member) => member.id !== document.id).map(({ slug, language, title }) => ({ slug, language, title })) });
    }
  }
  return result.slice(0, LIST_LIMIT);
}

/** Every tag used in a hub's documents of one kind, with how many use it (for the filter). */
export async function listTags(db: Database, scope: KnowledgeScope, kind: DocumentKind): Promise<{ tag: string; count: number }[]> {
  const rows = await queryRows<{ tag: string; count: string }>(db, sql`
    select tag, count(*)::text as count from ${knowledgeDocuments}, unnest(${knowledgeDocuments.tags}) as tag
    where ${inScope(scope)} and ${knowledgeDocuments.kind} = ${kind}
    group by tag order by tag limit 200`);
  return rows.map((row) => ({ tag: row.tag, count: Number(row.count) }));
}

export type SectionRow = Pick<typeof knowledgeSections.$inferSelect, "position" | "level" | "heading" | "anchor" | "bodyHtml">;

export type DocumentPage = {
  document: DocumentRow;
  sections: SectionRow[];
  translations: Pick<DocumentSummary, "slug" | "language" | "title" | "status">[];
  collection: Collection | null;
  /** The original this one translates (its slug), when there is one. */
  original: Pick<DocumentSummary, "slug" | "language" | "title"> | null;
};

/** One document of a hub by its slug (404 when absent, or a draft the viewer may not see). */
export async function findDocument(db: Database, scope: KnowledgeScope, slug: string): Promise<DocumentRow> {
  if (!SLUG_PATTERN.test(slug)) throw notFound();
  const [document] = await db
    .select()
    .from(knowledgeDocuments)
    .where(and(inScope(scope), eq(knowledgeDocuments.slug, slug)))
    .limit(1);
  if (!document) throw notFound();
  return document;
}

/** A document with its sections, translations and collection. */
export async function getDocumentPage(db: Database, scope: KnowledgeScope, slug: string): Promise<DocumentPage> {
  const document = await findDocument(db, scope, slug);
  const group = translationGroup(document);
  const [sections, siblings, collection] = await Promise.all([
    db
      .select({ position: knowledgeSections.position, level: knowledgeSections.level, heading: knowledgeSections.heading, anchor: knowledgeSections.anchor, bodyHtml: knowledgeSections.bodyHtml })
      .from(knowledgeSections)
      .where(eq(knowledgeSections.documentId, document.id))
      .orderBy(asc(knowledgeSections.position)),
    db
      .select({ id: knowledgeDocuments.id, slug: knowledgeDocuments.slug, language: knowledgeDocuments.language, title: knowledgeDocuments.title, status: knowledgeDocuments.status })
      .from(knowledgeDocuments)
      .where(and(inScope(scope), or(eq(knowledgeDocuments.id, group), eq(knowledgeDocuments.translationOf, group))))
      .orderBy(asc(knowledgeDocuments.language)),
    document.collectionId ? db.select().from(knowledgeCollections).where(eq(knowledgeCollections.id, document.collectionId)).limit(1) : Promise.resolve([]),
  ]);
  const originalRow = document.translationOf ? siblings.find((sibling) => sibling.id === document.translationOf) : undefined;
  return {
    document,
    sections,
    translations: siblings.filter((sibling) => sibling.id !== document.id),
    collection: collection[0] ?? null,
    original: originalRow ? { slug: originalRow.slug, language: originalRow.language, title: originalRow.title } : null,
  };
}

export type VersionSummary = { version: number; title: string; source: string; note: string; editorName: string | null; createdAt: Date };

/** Every version of a document, newest first, with who saved it. */
export async function listVersions(db: Database, documentId: string): Promise<VersionSummary[]> {
  return db
    .select({
      version: knowledgeDocumentVersions.version,
      title: knowledgeDocumentVersions.title,
      source: knowledgeDocumentVersions.source,
      note: knowledgeDocumentVersions.note,
      editorName: users.displayName,
      createdAt: knowledgeDocumentVersions.createdAt,
    })
    .from(knowledgeDocumentVersions)
    .leftJoin(users, eq(users.id, knowledgeDocumentVersions.editedBy))
    .where(eq(knowledgeDocumentVersions.documentId, documentId))
    .orderBy(desc(knowledgeDocumentVersions.version));
}

export type VersionText = typeof knowledgeDocumentVersions.$inferSelect;

/** One stored version of a document, or a 404. */
export async function getVersion(db: Database, documentId: string, version: number): Promise<VersionText> {
  if (!Number.isInteger(version) || version < 1 || version > 1_000_000) throw notFound();
  const [row] = await db
    .select()
    .from(knowledgeDocumentVersions)
    .where(and(eq(knowledgeDocumentVersions.documentId, documentId), eq(knowledgeDocumentVersions.version, version)))
    .limit(1);
  if (!row) throw notFound();
  return row;
}

/** The documents of a hub newest first (the hub page's "recently updated"). */
export async function recentDocuments(db: Database, scope: KnowledgeScope, limit: number): Promise<DocumentSummary[]> {
  return db.select(summaryColumns).from(knowledgeDocuments).where(inScope(scope)).orderBy(desc(knowledgeDocuments.updatedAt), asc(knowledgeDocuments.id)).limit(limit);
}

/** The documents of a hub by id, for pickers (e.g. "translation of"). */
export async function documentChoices(db: Database, scope: KnowledgeScope): Promise<Pick<DocumentSummary, "id" | "slug" | "title" | "language" | "kind">[]> {
  return db
    .select({ id: knowledgeDocuments.id, slug: knowledgeDocuments.slug, title: knowledgeDocuments.title, language: knowledgeDocuments.language, kind: knowledgeDocuments.kind })
    .from(knowledgeDocuments)
    .where(and(inScope(scope), isNull(knowledgeDocuments.translationOf)))
    .orderBy(asc(knowledgeDocuments.slug))
    .limit(LIST_LIMIT);
}

/** One collection of a hub by id, or a 404. */
export async function findCollection(db: Database, spaceId: string | null, id: string): Promise<Collection> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound();
  const [row] = await db
    .select()
    .from(knowledgeCollections)
    .where(and(eq(knowledgeCollections.id, id), spaceId === null ? isNull(knowledgeCollections.spaceId) : eq(knowledgeCollections.spaceId, spaceId)))
    .limit(1);
  if (!row) throw notFound();
  return row;
}

export type ApiDocument = DocumentSummary & { bodyHtml: string; translationOfSlug: string | null; collectionSlug: string | null; translations: { slug: string; language: string }[] };

/**
 * One page of a hub's documents by slug (keyset: the slug of the last one seen), for the API, with each
 * document's original and translations by slug.
 */
export async function listDocumentsPage(
  db: Database,
  scope: KnowledgeScope,
  filter: { kind?: DocumentKind; language?: string; tag?: string; after?: string; limit: number },
): Promise<{ items: ApiDocument[]; nextCursor: string | null }> {
  const rows = await db
    .select({ ...summaryColumns, bodyHtml: knowledgeDocuments.bodyHtml, collectionSlug: knowledgeCollections.slug })
    .from(knowledgeDocuments)
    .leftJoin(knowledgeCollections, eq(knowledgeCollections.id, knowledgeDocuments.collectionId))
    .where(
      and(
        inScope(scope),
        filter.kind ? eq(knowledgeDocuments.kind, filter.kind) : undefined,
        filter.language ? eq(knowledgeDocuments.language, filter.language) : undefined,
        filter.tag ? sql`${knowledgeDocuments.tags} @> array[${filter.tag}]::text[]` : undefined,
        filter.after ? sql`${knowledgeDocuments.slug} > ${filter.after}` : undefined,
      ),
    )
    .orderBy(asc(knowledgeDocuments.slug))
    .limit(filter.limit + 1);
  const page = rows.slice(0, filter.limit);
  const groups = [...new Set(page.map(translationGroup))];
  const siblings = groups.length
    ? await db
        .select({ id: knowledgeDocuments.id, slug: knowledgeDocuments.slug, language: knowledgeDocuments.language, translationOf: knowledgeDocuments.translationOf })
        .from(knowledgeDocuments)
        .where(and(inScope(scope), or(inArray(knowledgeDocuments.id, groups), inArray(knowledgeDocuments.translationOf, groups))))
    : [];
  const items = page.map((row) => {
    const group = translationGroup(row);
    const members = siblings.filter((sibling) => translationGroup(sibling) === group);
    return {
      ...row,
      translationOfSlug: row.translationOf ? (members.find((member) => member.id === row.translationOf)?.slug ?? null) : null,
      translations: members.filter((member) => member.id !== row.id).map(({ slug, language }) => ({ slug, language })),
    };
  });
  return { items, nextCursor: rows.length > filter.limit ? page[page.length - 1]!.slug : null };
}

/** A published guidance document as its hub's feed lists it. */
export type FeedDocument = Pick<DocumentRow, "slug" | "language" | "title" | "tags" | "bodyHtml" | "createdAt" | "updatedAt" | "publishedAt">;

/** The newest published guidance documents of a hub (never drafts, whoever asks: feeds are read by anyone). */
export async function recentPublishedGuidance(db: Database, scope: KnowledgeScope, limit: number): Promise<FeedDocument[]> {
  return db
    .select({ slug: knowledgeDocuments.slug, language: knowledgeDocuments.language, title: knowledgeDocuments.title, tags: knowledgeDocuments.tags, bodyHtml: knowledgeDocuments.bodyHtml, createdAt: knowledgeDocuments.createdAt, updatedAt: knowledgeDocuments.updatedAt, publishedAt: knowledgeDocuments.publishedAt })
    .from(knowledgeDocuments)
    .where(and(inScope({ spaceId: scope.spaceId, canManage: false }), eq(knowledgeDocuments.kind, "guidance")))
    .orderBy(desc(knowledgeDocuments.updatedAt), asc(knowledgeDocuments.id))
    .limit(limit);
}
