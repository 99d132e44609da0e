import { sql } from "drizzle-orm";
import { queryRows } from "../../db/sql";
import { localizedString, type LocalizedText } from "../../platform/i18n/localized";
import { translator } from "../../platform/i18n/messages";
import { registerRecommendationFollowups } from "../consultations/recommendations";
import { itemPath } from "./queries";
import type { FollowupStatus } from "./schema";

// The consultation report links each accepted recommendation to its follow-up item ("No. 3: title — In progress").
registerRecommendationFollowups(async (db, space, contributionIds, locale) => {
  const rows = await queryRows<{ recommendation_id: string; number: number | string; title: LocalizedText; status: FollowupStatus }>(
    db,
    sql`select recommendation_id, number, title, status from followup_items
      where space_id = ${space.id} and recommendation_id in (${sql.join(contributionIds.map((id) => sql`${id}::uuid`), sql`, `)}) order by number`,
  );
  const t = translator(locale);
  const links = new Map<string, { label: string; path: string }[]>();
  for (const row of rows) {
    const label = t("followup.recommendation_link", { number: Number(row.number), title: localizedString(row.title, locale), status: t(`followup.status.${row.status}`) });
    links.set(row.recommendation_id, [...(links.get(row.recommendation_id) ?? []), { label, path: itemPath(space.slug, Number(row.number)) }]);
  }
  return links;
});
