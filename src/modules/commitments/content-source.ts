import { sql, type SQL } from "drizzle-orm";
import { inEveryLocale, sqlContentSource, type CardFields, type CardRow } from "../../platform/content/card-helpers";
import { LOCALE_CODES } from "../../platform/i18n/locales";
import { localizedString, type LocalizedText } from "../../platform/i18n/localized";
import { frameworkTag } from "../spaces/views/shared";

type Row = CardRow & {
  number: number | string;
  space_slug: string;
  description: LocalizedText;
  organisation_name: LocalizedText | null;
  person_name: string | null;
  targets: string[] | null;
  is_partner_display_allowed: boolean;
  mode: string;
};

// Cards go out where no viewer is known (mail, partner sites): only published commitments of public spaces that
// have commitments switched on — the rule of the space's public list and open data.
const PUBLIC = sql`c.status = 'published' and spaces.visibility = 'public' and 'commitments' = any(spaces.enabled_modules)`;

function select(where: SQL, order: SQL, limit: number): SQL {
  return sql`select c.id, c.number, c.space_id, spaces.slug as space_slug, c.title, c.description, coalesce(c.published_at, c.updated_at) as published_at, c.is_partner_display_allowed,
      coalesce((select css.mode from commitment_space_settings css where css.space_id = c.space_id), 'commitments') as mode,
      o.name as organisation_name, u.display_name as person_name,
      (select array_agg(f.key || ' ' || coalesce(fi.number, '') order by ct.is_primary desc, fi.position)
         from commitment_targets ct join framework_items fi on fi.id = ct.framework_item_id join frameworks f on f.id = fi.framework_id
        where ct.commitment_id = c.id) as targets
    from commitments c join spaces on spaces.id = c.space_id
      left join organisations o on o.id = c.organisation_id
      left join users u on u.id = c.person_user_id
    where ${PUBLIC} and ${where}
    order by ${order}
    limit ${limit}`;
}

/** "Owner · GBF 7, GBF 22" per language: the owner's name (a person's is the same in every language) and the targets' short codes. */
function metaOf(row: Row): LocalizedText {
  const targets = (row.targets ?? []).slice(0, 4).map((target) => {
    const [key, number] = target.split(" ");
    return `${frameworkTag(key)}${number ? ` ${number}` : ""}`;
  });
  const meta: LocalizedText = {};
  for (const locale of LOCALE_CODES) {
    const owner = row.organisation_name ? localizedString(row.organisation_name, locale) : (row.person_name ?? "");
    meta[locale] = [owner, targets.join(", ")].filter(Boolean).join(" · ");
  }
  return meta;
}

function card(row: Row): CardFields {
  return {
    summary: row.description,
    path: `/spaces/${row.space_slug}/commitments/${row.number}`,
    meta: metaOf(row),
    isPartnerDisplayAllowed: row.is_partner_display_allowed,
    kindLabel: inEveryLocale((t) => t("content.kind.commitment_one", { mode: row.mode })),
  };
}

/** "commitment": published commitments of public spaces with commitments on; summary from the description, meta the owner and targets. */
export const commitmentContentSource = sqlContentSource<Row>({
  kind: "commitment",
  labelKey: "content.kind.commitment",
  select,
  alias: "c",
  card,
});
