import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { queryRows } from "../../db/sql";
import { decodeCursor, encodeCursor } from "../../platform/api/pagination";
import { clearingHouseRecord } from "../commitments/clearing-house";
import { commitmentUrl } from "../commitments/export";
import { listOpenCommitments, organisationsWithPublishedCommitments } from "../commitments/queries-open-data";
import { EVENT_COLUMNS, eventFromRow, eventPath, visibleEventCondition, type EventDbRow } from "../events/queries";
import { listDocumentsPage } from "../knowledge/guidance/queries";
import { hasKnowledgeFeature } from "../knowledge/space-gate";
import { listPublishedPosts, postPath } from "../news/queries";
import { organisationsByIdPage, visibleContacts, type Organisation } from "../organisations/queries";
import type { ViewedSpace } from "../spaces/queries";
import type { ExchangeContact } from "./schema";
import type { ExportedItem, KindNames } from "./shapes";

/** The public space being exported and the moment of the export (commitments' status lights depend on it). */
export type ExportSpace = ViewedSpace & { now: Date };
export type ExportPage = { items: ExportedItem[]; next: string | null };

/**
 * What Convene can export for one kind of record. A module with public records (news, practices…) adds its kind
 * with one `registerExchangeExporter` call; every shape, endpoint, OpenAPI entry and the importer then know it.
 */
export type ExchangeExporter = KindNames & {
  /** The URL segment (plural): /api/v1/spaces/:slug/exchange/<path>. */
  path: string;
  /** Whether the space has the feature these records belong to switched on (else the endpoint is a 404). */
  isEnabled(space: ViewedSpace): boolean;
  /**
   * One keyset page of the space's public records only: published, public visibility, the owner's consent where
   * the module has one. `after` is the opaque cursor the previous page returned.
   */
  page(db: Database, space: ExportSpace, publicUrl: string, after: string | null, limit: number): Promise<ExportPage>;
};

const exporters = new Map<string, ExchangeExporter>();

/** Adds (or replaces) the exporter of a kind. */
export function registerExchangeExporter(exporter: ExchangeExporter): void {
  if (!/^[a-z][a-z-]{0,39}$/.test(exporter.kind)) throw new Error(`exchange kind "${exporter.kind}" must be lower-case letters and dashes`);
  exporters.set(exporter.kind, exporter);
}

export const exchangeExporters = (): ExchangeExporter[] => [...exporters.values()];
export const exporterByPath = (path: string): ExchangeExporter | undefined => exchangeExporters().find((exporter) => exporter.path === path);
export const exporterByKind = (kind: string): ExchangeExporter | undefined => exporters.get(kind);

/** Every public record of a kind, page by page (streamed exports). */
export async function* eachExported(exporter: ExchangeExporter, db: Database, space: ExportSpace, publicUrl: string, batchSize = 200): AsyncGenerator<ExportedItem> {
  let after: string | null = null;
  do {
    const page: ExportPage = await exporter.page(db, space, publicUrl, after, batchSize);
    yield* page.items;
    after = page.next;
  } while (after);
}

const hostOf = (publicUrl: string): string => new URL(publicUrl).host;
const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());
const afterId = (cursor: string | null): string | null => (cursor ? String(decodeCursor(cursor, 1)![0]) : null);

/** An item with only what every record has; each exporter fills in the fields its records carry. */
function baseItem(kind: string, identifier: string, url: string): ExportedItem {
  return { kind, identifier, url, title: {}, description: {}, actorName: {}, countries: [], keywords: [], startDate: null, endDate: null, stage: null, contact: {}, publishedAt: null, updatedAt: null };
}

/** A page from rows read by id with one extra row (`limit + 1`): the items, and the cursor after the last when there are more. */
function idPage<Row extends { id: string }>(rows: Row[], limit: number, toItem: (row: Row) => ExportedItem): ExportPage {
  return { items: rows.slice(0, limit).map(toItem), next: rows.length > limit ? encodeCursor([rows[limit - 1]!.id]) : null };
}

/** Commitments: published ones whose owner agreed to be shown on partner platforms, in the CBD record of CLEARING-HOUSE.md. */
export const commitmentExporter: ExchangeExporter = {
  kind: "commitment",
  path: "commitments",
  cbdSchema: "convene/stakeholder-commitment/1",
  entitySet: "Commitments",
  schemaOrgType: "Project",
  isEnabled: (space) => space.enabledModules.includes("commitments"),
  async page(db, space, publicUrl, after, limit) {
    // Republication elsewhere needs the owner's consent, exactly as the clearing-house export.
    const page = await listOpenCommitments(db, space, { isPartnerDisplayOnly: true }, { cursor: after ?? undefined, limit });
    const items = page.items.map((record): ExportedItem => {
      const cbd = clearingHouseRecord(record, publicUrl);
      const primary = record.targets.filter((target) => target.isPrimary);
      return {
        ...baseItem("commitment", cbd.header.identifier, commitmentUrl(publicUrl, record.spaceSlug, record.number)),
        title: record.title,
        description: record.description,
        actorName: record.owner.name,
        countries: record.countries.map((code) => code.toLowerCase()),
        keywords: [...primary, ...record.targets.filter((target) => !target.isPrimary)].map((target) => target.key),
        startDate: record.startDate,
        endDate: record.endDate,
        stage: record.stage,
        publishedAt: record.publishedAt.toISOString(),
        updatedAt: record.updatedAt.toISOString(),
        cbdRecord: cbd as unknown as Record<string, unknown>,
      };
    });
    return { items, next: page.nextCursor };
  },
};

/** Events: public, published (or cancelled) events of the space, never their meeting link (EventView has none). */
export const eventExporter: ExchangeExporter = {
  kind: "event",
  path: "events",
  cbdSchema: "convene/event/1",
  entitySet: "Meetings",
  schemaOrgType: "Event",
  isEnabled: (space) => space.enabledModules.includes("events"),
  async page(db, space, publicUrl, after, limit) {
    const from = afterId(after);
    // The anonymous reader's condition: what anyone may see is what may leave.
    const rows = await queryRows<EventDbRow>(
      db,
      sql`select ${EVENT_COLUMNS} from events e where e.space_id = ${space.id} and ${visibleEventCondition(null)}
        ${from ? sql`and e.id > ${from}` : sql``} order by e.id limit ${limit + 1}`,
    );
    return idPage(rows, limit, (row) => {
      const event = eventFromRow(row);
      return {
        ...baseItem("event", `${hostOf(publicUrl)}:${space.slug}:event:${event.slug}`, `${publicUrl}${eventPath(space.slug, event.slug)}`),
        title: event.title,
        description: event.summary,
        countries: event.country ? [event.country.toLowerCase()] : [],
        keywords: event.themes,
        startDate: event.startsAt.toISOString(),
        endDate: event.endsAt.toISOString(),
        stage: event.status,
        publishedAt: iso(event.publishedAt),
        updatedAt: event.updatedAt.toISOString(),
      };
    });
  },
};

/** Documents: the published guidance and FAQ documents of the space's knowledge hub (each translation its own record). */
export const documentExporter: ExchangeExporter = {
  kind: "document",
  path: "documents",
  cbdSchema: "convene/knowledge-resource/1",
  entitySet: "Documents",
  schemaOrgType: "DigitalDocument",
  isEnabled: (space) => hasKnowledgeFeature(space, "hub"),
  async page(db, space, publicUrl, after, limit) {
    const scope = { space, spaceId: space.id, base: `/spaces/${space.slug}/knowledge`, canManage: false };
    const page = await listDocumentsPage(db, scope, { after: afterId(after) ?? undefined, limit });
    const items = page.items.map((document): ExportedItem => ({
      ...baseItem("document", `${hostOf(publicUrl)}:${space.slug}:document:${document.slug}`, `${publicUrl}${scope.base}/guidance/${encodeURIComponent(document.slug)}`),
      title: { [document.language]: document.title },
      actorName: space.title,
      keywords: document.tags,
      stage: document.kind,
      updatedAt: document.updatedAt.toISOString(),
    }));
    return { items, next: page.nextCursor ? encodeCursor([page.nextCursor]) : null };
  },
};

/** Only the contact details their organisation made public (what an anonymous visitor of its page sees). */
function publicContact(organisation: Organisation): ExchangeContact {
  const visible = visibleContacts(organisation.contacts, { user: null, role: null });
  const contact: ExchangeContact = {};
  for (const field of ["email", "phone", "address"] as const) {
    const value = visible[field]?.value;
    if (value) contact[field] = value;
  }
  if (organisation.website) contact.website = organisation.website;
  return contact;
}

/** Contacts: the organisations behind the space's published commitments, with their public contact details only. */
export const contactExporter: ExchangeExporter = {
  kind: "contact",
  path: "contacts",
  cbdSchema: "convene/organisation-contact/1",
  entitySet: "Contacts",
  schemaOrgType: "Organization",
  isEnabled: (space) => space.enabledModules.includes("commitments"),
  async page(db, space, publicUrl, after, limit) {
    const owners = await organisationsWithPublishedCommitments(db, space.id);
    const rows = await organisationsByIdPage(db, owners, afterId(after), limit + 1);
    return idPage(rows, limit, (organisation) => ({
      ...baseItem("contact", `${hostOf(publicUrl)}:organisation:${organisation.slug}`, `${publicUrl}/organisations/${encodeURIComponent(organisation.slug)}`),
      title: organisation.name,
      description: organisation.description,
      countries: organisation.country ? [organisation.country.toLowerCase()] : [],
      keywords: [organisation.actorType, ...organisation.themes],
      contact: publicContact(organisation),
      updatedAt: iso(organisation.updatedAt),
    }));
  },
};

/** News and stories: published posts of a public space with news on, let out by moderation, newest first. */
export const newsExporter: ExchangeExporter = {
  kind: "news",
  path: "news",
  cbdSchema: "convene/news-article/1",
  entitySet: "News",
  schemaOrgType: "NewsArticle",
  isEnabled: (space) => space.enabledModules.includes("news"),
  async page(db, space, publicUrl, after, limit) {
    const filters = { kind: null, year: null, organisation: null, topic: null };
    const page = await listPublishedPosts(db, null, { filters, spaceId: space.id, cursor: after ?? undefined, limit, isPublicOnly: true });
    const items = page.items.map((post): ExportedItem => ({
      ...baseItem("news", `${hostOf(publicUrl)}:${space.slug}:news:${post.slug}`, `${publicUrl}${postPath(space.slug, post.slug)}`),
      title: post.title,
      description: post.lead,
      actorName: post.organisation?.name ?? space.title,
      keywords: post.topics,
      stage: post.kind,
      publishedAt: iso(post.publishedAt),
      updatedAt: iso(post.updatedAt),
    }));
    return { items, next: page.nextCursor };
  },
};

for (const exporter of [commitmentExporter, eventExporter, documentExporter, contactExporter, newsExporter]) registerExchangeExporter(exporter);
