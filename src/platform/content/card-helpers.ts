import { sql, type SQL } from "drizzle-orm";
import type { Database } from "../../db/client";
import { escapeLike, queryRows, textArrayLiteral } from "../../db/sql";
import type { ContentCard, ContentSource } from "./sources";
import { FALLBACK_LOCALE, LOCALE_CODES, type Locale } from "../i18n/locales";
import { countingTranslator, type Translate } from "../i18n/messages";
import type { LocalizedText } from "../i18n/localized";

// Small pieces every content source needs (sources.ts): ids bound safely, a title search over every language,
// summaries cut to a card's length. Shared so that each module's source is only its own SQL.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The ids that can be uuids, as one `uuid[]` parameter: an id from a stored reference or a URL is never trusted to be one. */
export function uuidArray(ids: readonly string[]): SQL | null {
  const valid = ids.filter((id) => UUID.test(id));
  return valid.length ? sql`${textArrayLiteral(valid)}::uuid[]` : null;
}

/** True where the multilingual `column` (jsonb) contains `text` in any language, case-insensitively. */
export function localizedContains(column: SQL, text: string): SQL {
  const trimmed = text.trim();
  if (!trimmed) return sql`true`;
  return sql`exists (select 1 from jsonb_each_text(${column}) as shown(locale, value) where shown.value ilike ${`%${escapeLike(trimmed)}%`})`;
}

/** A plain-text summary per language, cut at a word to about `limit` characters (cards show a few sentences at most). */
export function cardSummary(value: LocalizedText | null | undefined, limit = 280): LocalizedText {
  const result: LocalizedText = {};
  for (const [locale, text] of Object.entries(value ?? {}) as [keyof LocalizedText, string | undefined][]) {
    const flat = (text ?? "").replace(/\s+/g, " ").trim();
    if (!flat) continue;
    if (flat.length <= limit) result[locale] = flat;
    else {
      const cut = flat.slice(0, limit - 1);
      const space = cut.lastIndexOf(" ");
      result[locale] = `${(space > limit / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
    }
  }
  return result;
}

/** The columns every card select answers with; a source's row adds its own (owner, slug…). */
export type CardRow = { id: string; space_id: string; title: LocalizedText; published_at: Date | string };

/** What a source's row adds to a card: the text its summary is cut from, its page, and anything else (meta…). */
export type CardFields = Omit<Partial<ContentCard>, "summary"> & { summary: LocalizedText | null; path: string };

/** What a source over one SQL statement gives: its select (public rows only) and what a row adds to its card. */
export type SqlSourceSpec<Row extends CardRow> = {
  kind: string;
  labelKey: string;
  /** The statement over public items only, with an extra condition, order and limit. */
  select(where: SQL, order: SQL, limit: number): SQL;
  /**
   * The alias of the item's table in the select (`c`): the three reads filter and sort on its `id`, `space_id`,
   * `published_at` and `title` columns.
   */
  alias: string;
  card(row: Row): CardFields;
};

/**
 * A content source from one SQL select: `cards` by ids (in the order asked), `recent` by publication time and
 * `find` by title, both newest first. The select alone decides what is public. Every card gets its kind, id,
 * space, title and date from the row the same way, and its summary cut to a card's length.
 */
export function sqlContentSource<Row extends CardRow>(spec: SqlSourceSpec<Row>): ContentSource {
  const column = (name: string) => sql.raw(`${spec.alias}.${name}`);
  const [id, spaceId, publishedAt, title] = [column("id"), column("space_id"), column("published_at"), column("title")];
  const newestFirst = sql`${publishedAt} desc, ${id} desc`;
  const toCard = (row: Row): ContentCard => {
    const fields = spec.card(row);
    return { kind: spec.kind, id: row.id, spaceId: row.space_id, title: row.title, date: new Date(row.published_at), ...fields, summary: cardSummary(fields.summary) };
  };
  const cards = async (db: Database, where: SQL, order: SQL, limit: number) => (await queryRows<Row>(db, spec.select(where, order, limit))).map(toCard);
  return {
    kind: spec.kind,
    labelKey: spec.labelKey,
    async cards(db, ids) {
      const array = uuidArray(ids);
      if (!array) return [];
      const byId = new Map((await cards(db, sql`${id} = any(${array})`, id, ids.length)).map((card) => [card.id, card]));
      return ids.flatMap((wanted) => byId.get(wanted) ?? []);
    },
    recent(db, space, range, limit) {
      const where = sql`${spaceId} = ${space} and ${publishedAt} >= ${range.since.toISOString()}::timestamptz and ${publishedAt} < ${range.until.toISOString()}::timestamptz`;
      return cards(db, where, newestFirst, limit);
    },
    find(db, space, text, limit) {
      return cards(db, sql`${spaceId} = ${space} and ${localizedContains(title, text)}`, newestFirst, limit);
    },
  };
}

/**
 * A card's line in every UI language that has the messages it is made of translated (its `meta`), e.g.
 * `inEveryLocale((t) => t(key))`: `text` builds the line with the translator it is given, which notes any message
 * it had to show in English. A language that needed one is left out, so a reader in it gets the English line
 * marked as English rather than English passed off as their language.
 */
export function inEveryLocale(text: (t: Translate, locale: Locale) => string): LocalizedText {
  const lines: LocalizedText = {};
  for (const code of LOCALE_CODES) {
    const { t, untranslated } = countingTranslator(code);
    const line = text(t, code);
    if (code === FALLBACK_LOCALE || untranslated() === 0) lines[code] = line;
  }
  return lines;
}
