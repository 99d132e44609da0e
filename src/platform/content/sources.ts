import type { Database } from "../../db/client";
import type { LocalizedText } from "../i18n/localized";

/**
 * Public things other parts of Convene can point at — a story, an event, a commitment, a good practice —
 * as one card shape. Newsletters pull blocks from them, the programme digest lists what is new in a space,
 * showcases curate them, and they are offered in pickers. Each module that has such things registers a source
 * in its manifest (`content`); app.ts registers them here, so a reader of cards knows no module.
 *
 * A source answers with public items only (published, in a public space with the module's feature on, public
 * visibility): cards go out in mail and on partner sites, where no viewer is known.
 */
export type ContentCard = {
  /** The source's kind, e.g. "news", "event", "commitment", "practice". */
  kind: string;
  id: string;
  spaceId: string;
  title: LocalizedText;
  /** Plain text, a few sentences at most. */
  summary: LocalizedText;
  /** The item's public page, relative to the site (`/spaces/…`). */
  path: string;
  /** A picture (a story's lead image), relative to the site, with its alternative text. */
  image?: { path: string; alt: LocalizedText };
  /** When it was published, or for an event when it starts. */
  date: Date;
  /** A short line under the title (an event's dates and place, a commitment's owner), per language. */
  meta?: LocalizedText;
  /** The item's own name for its kind where it differs by space (a memorandum calls a commitment a programme activity); else the source's label. */
  kindLabel?: LocalizedText;
  /**
   * False when the item's owner has not agreed to its being shown on partner platforms (a commitment's consent):
   * widgets and other syndication leave it out, Convene's own pages and mail show it. Absent means allowed.
   */
  isPartnerDisplayAllowed?: boolean;
};

export type ContentSource = {
  /** Lower-case letters and dashes; stored with references (newsletter blocks, showcase items). */
  kind: string;
  /** Message key of the kind's name ("Story", "Event"…), for pickers and headings. */
  labelKey: string;
  /** Public items by id, in the order asked; ids unknown or no longer public are left out. */
  cards(db: Database, ids: readonly string[]): Promise<ContentCard[]>;
  /** Public items of a space published (or, for reports, made) in [since, until), newest first, at most `limit`. */
  recent(db: Database, spaceId: string, range: { since: Date; until: Date }, limit: number): Promise<ContentCard[]>;
  /** Public items of a space whose title contains `text` (any language; empty: the newest), at most `limit`. */
  find(db: Database, spaceId: string, text: string, limit: number): Promise<ContentCard[]>;
};

const KIND_PATTERN = /^[a-z][a-z-]{0,39}$/;
const sources = new Map<string, ContentSource>();

/** Registers a content source (modules list theirs in the manifest's `content`; app.ts registers them). */
export function registerContentSource(source: ContentSource): void {
  if (!KIND_PATTERN.test(source.kind)) throw new Error(`content kind "${source.kind}" must match ${KIND_PATTERN}`);
  sources.set(source.kind, source);
}

export function contentSource(kind: string): ContentSource | undefined {
  return sources.get(kind);
}

/** Every registered source, in the order the modules are listed. */
export function contentSources(): ContentSource[] {
  return [...sources.values()];
}

/** Cards for references of mixed kinds, in the order given; references that no longer resolve are left out. */
export async function resolveCards(db: Database, references: readonly { kind: string; id: string }[]): Promise<ContentCard[]> {
  const byKind = new Map<string, string[]>();
  for (const reference of references) byKind.set(reference.kind, [...(byKind.get(reference.kind) ?? []), reference.id]);
  const found = new Map<string, ContentCard>();
  for (const [kind, ids] of byKind) {
    const source = sources.get(kind);
    if (!source) continue;
    for (const card of await source.cards(db, ids)) found.set(`${kind}:${card.id}`, card);
  }
  return references.flatMap((reference) => found.get(`${reference.kind}:${reference.id}`) ?? []);
}
