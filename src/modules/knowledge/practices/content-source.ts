import { sql, type SQL } from "drizzle-orm";
import { sqlContentSource, type CardFields, type CardRow } from "../../../platform/content/card-helpers";
import type { LocalizedText } from "../../../platform/i18n/localized";
import { practicePath } from "./queries";

type Row = CardRow & { space_slug: string; summary: LocalizedText; organisation_name: LocalizedText };

// Cards go out where no viewer is known: only published submissions of public spaces whose compilation is on
// (the knowledge hub or consultations, as the space gate's "practices" feature says).
const PUBLIC = sql`p.status = 'published' and spaces.visibility = 'public' and spaces.enabled_modules && array['knowledge', 'consultations']::text[]`;

function select(where: SQL, order: SQL, limit: number): SQL {
  return sql`select p.id, p.space_id, spaces.slug as space_slug, p.title, p.summary, coalesce(p.published_at, p.updated_at) as published_at, o.name as organisation_name
    from knowledge_practices p join spaces on spaces.id = p.space_id join organisations o on o.id = p.organisation_id
    where ${PUBLIC} and ${where}
    order by ${order}
    limit ${limit}`;
}

function card(row: Row): CardFields {
  return { summary: row.summary, path: practicePath(row.space_slug, row.id), meta: row.organisation_name };
}

/** "practice": published good practices (direct submissions) of public spaces; meta is the organisation behind it. */
export const practiceContentSource = sqlContentSource<Row>({
  kind: "practice",
  labelKey: "content.kind.practice",
  select,
  alias: "p",
  card,
});
