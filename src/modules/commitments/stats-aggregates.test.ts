import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { eq, sql } from "drizzle-orm";
import { queryRows } from "../../db/sql";
import { DAY_MS } from "../../platform/clock";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import { buildUser } from "../../testing/factories";
import { organisations } from "../organisations/schema";
import { buildSpace } from "../spaces/factories";
import { expireReviewWindows } from "./commands/expire-review-windows";
import { postProgressReport } from "./commands/post-progress-report";
import { publishCommitment } from "./commands/publish-commitment";
import { startReview } from "./commands/start-review";
import { updateCommitment } from "./commands/update-commitment";
import { withdrawCommitment } from "./commands/withdraw-commitment";
import { buildCommitment, frameworkItemId } from "./factories";
import { buildReviewScene, type ReviewScene } from "./factories-review";
import { browseFacets, regionMembers, regionValuesSql, type BrowseFilters } from "./queries-browse";
import { spaceDashboard } from "./queries-stats";
import { commitments } from "./schema";
import { statusLightSql } from "./status-light";

type Count = { dimension: string; key: string; count: number };

const NO_FILTERS: BrowseFilters = { q: "", targetId: "", frameworkId: "", actorType: "", country: "", region: "", stage: "", light: "", year: null };

/** The precomputed counts of a space, as sorted "dimension key count" lines. */
async function stored(t: TestApp, spaceId: string): Promise<string[]> {
  const rows = await queryRows<Count>(t.services.db, sql`select dimension, key, count from commitment_stats where space_id = ${spaceId} and count > 0`);
  return rows.map((row) => `${row.dimension} ${row.key} ${Number(row.count)}`).sort();
}

/**
 * The same counts straight from the base tables with GROUP BY (neither the ledger nor the region table of
 * migration 0007: regions come from the TypeScript M49 data, as the list's filters use them).
 */
async function recomputed(t: TestApp, spaceId: string): Promise<string[]> {
  const rows = await queryRows<Count>(
    t.services.db,
    sql`with p as (
        select c.*, coalesce(o.actor_type, 'individual') as actor_type from commitments c left join organisations o on o.id = c.organisation_id
        where c.space_id = ${spaceId} and c.status = 'published')
      select 'stage' as dimension, stage as key, count(*)::int as count from p group by 2
      union all select 'actor_type', actor_type, count(*)::int from p group by 2
      union all select 'actor', coalesce(organisation_id::text, 'person:' || person_user_id::text), count(*)::int from p group by 2
      union all select 'month', to_char(published_at at time zone 'UTC', 'YYYY-MM'), count(*)::int from p group by 2
      union all select 'report', case when last_report_at is null then 'p:' || to_char((published_at at time zone 'UTC')::date, 'YYYY-MM-DD')
          else 'r:' || to_char(last_report_at, 'YYYY-MM-DD') end, count(*)::int from p group by 2
      union all select 'country', x, count(distinct p.id)::int from p cross join unnest(p.countries) x group by 2
      union all select 'region', r.code, count(*)::int from p join ${regionValuesSql(regionMembers())} on p.countries && r.members or p.regions @> array[r.code] group by 2
      union all select 'item_primary', ct.framework_item_id::text, count(*)::int from p join commitment_targets ct on ct.commitment_id = p.id and ct.is_primary group by 2
      union all select 'item_other', ct.framework_item_id::text, count(*)::int from p join commitment_targets ct on ct.commitment_id = p.id and not ct.is_primary group by 2
      union all select 'framework', fi.framework_id::text, count(distinct p.id)::int from p join commitment_targets ct on ct.commitment_id = p.id
        join framework_items fi on fi.id = ct.framework_item_id group by 2`,
  );
  return rows.map((row) => `${row.dimension} ${row.key} ${Number(row.count)}`).sort();
}

describe("commitments: precomputed statistics (migration 0007)", () => {
  let t: TestApp;
  let first: ReviewScene;
  let second: ReviewScene;
  let spaceId: string;

  before(async () => {
    t = await createTestApp();
    const space = await buildSpace(t.services, { frameworkKeys: ["GBF", "SUSTAINABLE-DEVELOPMENT-GOALS"], enabledModules: ["commitments"] });
    spaceId = space.id;
    const inSpace = { spaceId: space.id, spaceSlug: space.slug };
    first = await buildReviewScene(t.services, { ...inSpace, countries: ["KZ"] });
    second = await buildReviewScene(t.services, { ...inSpace, countries: ["KZ", "UZ"], otherItemKeys: [["SUSTAINABLE-DEVELOPMENT-GOALS", "SDG-15"]] });
    // Published from the start, by a person, and a draft that must never count.
    const person = await buildUser(t.services);
    await buildCommitment(t.services, { ...inSpace, personUserId: person.id, status: "published", countries: ["BR"], lastReportAt: "2025-01-20", publishedAt: new Date("2024-06-01T08:00:00Z") });
    await buildCommitment(t.services, { ...inSpace, status: "draft", countries: ["FR"] });
  });
  after(async () => t.close());

  const assertMatches = async (step: string) => assert.deepEqual(await stored(t, spaceId), await recomputed(t, spaceId), `after ${step}`);

  it("equals a recount from the base tables after publish, edit, report, window expiry, actor type change and withdrawal", async () => {
    await assertMatches("set-up");
    assert.ok((await stored(t, spaceId)).includes("country BR 1"));

    await publishCommitment(t.services, { id: first.coordinator.id, isPlatformAdmin: false }, first.commitment.id);
    await assertMatches("publish");
    assert.ok((await stored(t, spaceId)).includes("country KZ 1"));

    const owner = { id: first.owner.id, isPlatformAdmin: false, isEmailVerified: true };
    const ref = { space: first.commitment.spaceSlug, number: first.commitment.number };
    const sdg = await frameworkItemId(t.services, "SUSTAINABLE-DEVELOPMENT-GOALS", "SDG-12");
    await updateCommitment(t.services, owner, ref, { countries: ["KZ", "FR"], otherItemIds: [sdg], stage: "development" });
    await assertMatches("an edit of the published commitment (countries, targets, stage)");
    const afterEdit = await stored(t, spaceId);
    assert.ok(afterEdit.includes("country FR 1") && afterEdit.includes(`item_other ${sdg} 1`) && afterEdit.includes("stage development 1"));

    t.clock.advance(DAY_MS);
    await postProgressReport(t.services, { id: first.owner.id, isPlatformAdmin: false }, first.commitment.id, {
      reportDate: t.clock.now().toISOString().slice(0, 10),
      stage: "implementation",
      values: {},
      narrative: { en: "Planted the first trees" },
      evidenceLinks: [],
    });
    await assertMatches("a progress report");
    assert.ok((await stored(t, spaceId)).includes(`report r:${t.clock.now().toISOString().slice(0, 10)} 1`));

    await startReview(t.services, { id: second.coordinator.id, isPlatformAdmin: false }, second.commitment.id);
    await assertMatches("the review window opening (nothing published yet)");
    t.clock.advance(60 * DAY_MS);
    assert.equal(await expireReviewWindows(t.services), 1);
    await assertMatches("publication when the window expired");
    const afterExpiry = await stored(t, spaceId);
    assert.ok(afterExpiry.includes("region 143 2") && afterExpiry.includes("country KZ 2"), "Central Asia once per commitment, not once per country");

    const [secondRow] = await t.services.db.select().from(commitments).where(eq(commitments.id, second.commitment.id));
    await t.services.db.update(organisations).set({ actorType: "business" }).where(eq(organisations.id, secondRow.organisationId ?? ""));
    await assertMatches("the organisation changing its actor type");

    await withdrawCommitment(t.services, owner, ref);
    await assertMatches("withdrawal");
    assert.ok(!(await stored(t, spaceId)).includes("country FR 1"), "a withdrawn commitment no longer counts");

    await t.services.db.delete(commitments).where(eq(commitments.id, second.commitment.id));
    await assertMatches("deletion");
  });

  it("gives the dashboard and the unfiltered facets the same lights as the SQL rule over the base tables", async () => {
    const now = t.clock.now();
    const rows = await queryRows<{ light: string; count: number }>(
      t.services.db,
      sql`select ${statusLightSql(now, { table: "c" })} as light, count(*)::int as count from commitments c where c.space_id = ${spaceId} and c.status = 'published' group by 1`,
    );
    const expected = Object.fromEntries(rows.map((row) => [row.light, Number(row.count)]));
    assert.deepEqual((await spaceDashboard(t.services.db, spaceId, now)).byLight, expected);
    assert.deepEqual((await browseFacets(t.services.db, spaceId, NO_FILTERS, now)).light, expected);
  });

  it("keeps a region table that agrees with the M49 data the filters use", async () => {
    const rows = await queryRows<{ region: string; country: string }>(t.services.db, sql`select region, country from commitment_stats_regions`);
    const fromTable = rows.map((row) => `${row.region} ${row.country}`).sort();
    const fromCode = regionMembers().flatMap((region) => region.countries.map((country) => `${region.code} ${country}`)).sort();
    assert.deepEqual(fromTable, fromCode);
  });

  it("shows the new figures on the dashboard page at once", async () => {
    const space = await buildSpace(t.services, { frameworkKeys: ["GBF"], enabledModules: ["commitments"] });
    await buildCommitment(t.services, { spaceId: space.id, spaceSlug: space.slug, status: "published", countries: ["KE"] });
    const csv = (await new Browser(t.app).get(`/spaces/${space.slug}/commitments/dashboard/countries.csv`)).body;
    assert.match(csv, /Kenya,KE,1/);
  });
});
