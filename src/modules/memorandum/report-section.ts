import { sql } from "drizzle-orm";
import { queryRows } from "../../db/sql";
import { countryName } from "../../platform/countries";
import { localizedString } from "../../platform/i18n/localized";
import type { ReportSectionSource } from "../../platform/reports/sections";
import { publishedCommitmentsOfOrganisations } from "../commitments/queries-activities";
import { actorTypeLabel } from "../organisations/actor-types";
import { organisationProfiles } from "../organisations/queries-profiles";
import { findSpaceById } from "../spaces/queries";
import { hasMemorandum } from "./queries";

/**
 * The memorandum in the report to the governing body: signatories at the end of the period (each organisation's
 * last signing event before it, so a later withdrawal does not rewrite a past report), new signatures and
 * withdrawals in the period, and the signatories' programme activities published before its end (through the
 * commitments module). Organisations are public actors: the table names them, never a person.
 */
export const memorandumReportSection: ReportSectionSource = {
  key: "memorandum",
  order: 15,
  labelKey: "memorandum.report.label",
  async isAvailable(db, spaceId) {
    const space = await findSpaceById(db, spaceId);
    return Boolean(space && (await hasMemorandum(db, space)));
  },
  async load(db, scope, { locale, t }) {
    const [standing, counts, versions] = await Promise.all([
      queryRows<{ organisation_id: string; version: number }>(
        db,
        sql`select organisation_id, version from (
            select distinct on (organisation_id) organisation_id, action, version from memorandum_signature_events
            where space_id = ${scope.spaceId} and created_at < ${scope.until} order by organisation_id, created_at desc, id desc
          ) last where action <> 'withdrawn'`,
      ),
      queryRows<{ signed: number | string; withdrawn: number | string }>(
        db,
        sql`select count(*) filter (where action = 'signed') as signed, count(*) filter (where action = 'withdrawn') as withdrawn
          from memorandum_signature_events where space_id = ${scope.spaceId} and created_at >= ${scope.from} and created_at < ${scope.until}`,
      ),
      queryRows<{ version: number | null }>(db, sql`select max(version) as version from memorandum_versions where space_id = ${scope.spaceId} and published_at < ${scope.until}`),
    ]);
    const ids = standing.map((row) => row.organisation_id);
    const [profiles, activities] = await Promise.all([
      organisationProfiles(db, ids),
      publishedCommitmentsOfOrganisations(db, scope.spaceId, ids, { now: scope.until, limitPerOrganisation: 1000 }),
    ]);
    const activityCount = (id: string) => (activities.get(id) ?? []).filter((activity) => activity.publishedAt < scope.until).length;
    const rows = standing
      .filter((row) => profiles.has(row.organisation_id))
      .map((row) => {
        const profile = profiles.get(row.organisation_id)!;
        return [localizedString(profile.name, locale), profile.country ? countryName(profile.country, locale) : "", actorTypeLabel(profile.actorType, locale), Number(row.version), activityCount(row.organisation_id)];
      })
      .sort((a, b) => String(a[0]).localeCompare(String(b[0]), locale));
    const version = versions[0]?.version;
    return {
      key: "memorandum",
      title: t("memorandum.report.title"),
      blocks: [
        {
          kind: "figures",
          items: [
            { label: t("memorandum.report.version"), value: version === null || version === undefined ? null : Number(version) },
            { label: t("memorandum.report.signatories"), value: rows.length },
            { label: t("memorandum.report.new"), value: Number(counts[0]?.signed ?? 0) },
            { label: t("memorandum.report.withdrawals"), value: Number(counts[0]?.withdrawn ?? 0) },
            { label: t("memorandum.report.activities"), value: rows.reduce((sum, row) => sum + Number(row[4]), 0) },
          ],
        },
        {
          kind: "table",
          key: "signatories",
          title: t("memorandum.report.table"),
          columns: [
            { label: t("memorandum.report.col.organisation") },
            { label: t("memorandum.report.col.country") },
            { label: t("memorandum.report.col.actor_type") },
            { label: t("memorandum.report.col.version"), isNumeric: true },
            { label: t("memorandum.report.col.activities"), isNumeric: true },
          ],
          rows,
        },
      ],
    };
  },
};
