import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { sql } from "drizzle-orm";
import { queryRows } from "../../db/sql";
import { seedDemo } from "../../platform/demo";
import { intlFormat, translator } from "../../platform/i18n/messages";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import { buildUser, XSS } from "../../testing/factories";
import { outboxMessages } from "../../testing/outbox";
import { parseAtom } from "../../testing/feeds";
import { buildCommitment } from "../commitments/factories";
import { commitmentSpaceSettings } from "../commitments/schema";
import { addMember } from "../organisations/factories";
import { publishVersion } from "./commands/publish-version";
import { signMemorandum } from "./commands/sign-memorandum";
import { buildMemorandumSpace, buildSigningOrganisation } from "./factories";
import { memorandumPersonalData } from "./personal-data";
import { memorandumReportSection } from "./report-section";
import { DEMO_MEMORANDUM_SPACE } from "./seed";

const path = (slug: string) => `/spaces/${slug}/memorandum`;

describe("memorandum: versions, signing, re-signing, roster and API", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const logIn = (user: { email: string; password: string }, locale = "en") => new Browser(t.app, locale).logIn(user.email, user.password);

  it("is there only where the space's commitments run in memorandum mode, escapes the text, and a coordinator publishes versions through the form", async () => {
    const { space, coordinator } = await buildMemorandumSpace(t.services, { isPublished: false });
    const other = await buildMemorandumSpace(t.services);
    await t.services.db.update(commitmentSpaceSettings).set({ mode: "commitments" }).where(sql`space_id = ${other.space.id}`);
    assert.equal((await new Browser(t.app).get(path(other.space.slug))).statusCode, 404, "no memorandum outside memorandum mode");
    const spacePage = await new Browser(t.app).get(`/spaces/${space.slug}`);
    assert.match(spacePage.body, new RegExp(`href="${path(space.slug)}"`), "the space page links to it in memorandum mode");
    assert.doesNotMatch((await new Browser(t.app).get(`/spaces/${other.space.slug}`)).body, /\/memorandum"/);

    const browser = await logIn(coordinator);
    const empty = await browser.post(`${path(space.slug)}/versions`, { "body.en": "", "change_summary.en": "kept summary" });
    assert.equal(empty.statusCode, 422);
    assert.match(empty.body, /Write the text of the memorandum/);
    assert.match(empty.body, /kept summary/, "what was typed is kept");
    assert.equal((await browser.post(`${path(space.slug)}/versions`, { "body.en": `# Aims\n\n${XSS} first`, "body.ru": "# Цели\n\nпервая" })).statusCode, 303);
    const noSummary = await browser.post(`${path(space.slug)}/versions`, { "body.en": `# Aims\n\n${XSS} second` });
    assert.equal(noSummary.statusCode, 422);
    assert.match(noSummary.body, /Say what changed/);
    const unchanged = await browser.post(`${path(space.slug)}/versions`, { "body.en": `# Aims\n\n${XSS} first`, "body.ru": "# Цели\n\nпервая", "change_summary.en": "nothing" });
    assert.equal(unchanged.statusCode, 422);
    assert.equal((await browser.post(`${path(space.slug)}/versions`, { "body.en": `# Aims\n\n${XSS} second`, "body.ru": "# Цели\n\nвторая", "change_summary.en": `${XSS} Wording` })).statusCode, 303);

    const page = await new Browser(t.app).get(path(space.slug));
    assert.equal(page.statusCode, 200);
    assert.ok(!page.body.includes(XSS), "the text is escaped");
    assert.match(page.body, /<h2>Aims<\/h2>/, "headings go one level under the page's title");
    assert.match(page.body, /Version 2 of/);
    const changes = await new Browser(t.app).get(`${path(space.slug)}/versions/2/changes`);
    assert.equal(changes.statusCode, 200);
    assert.match(changes.body, /<del>− &lt;script&gt;alert\(1\)&lt;\/script&gt; first<\/del>/);
    assert.match(changes.body, /<ins>\+ &lt;script&gt;alert\(1\)&lt;\/script&gt; second<\/ins>/);
    assert.match((await new Browser(t.app, "ru").get(`${path(space.slug)}/versions/2/changes`)).body, /<del>− первая<\/del>/, "compared in the reader's language");
    const versions = await new Browser(t.app).get(`${path(space.slug)}/versions`);
    assert.ok(!versions.body.includes(XSS));
    assert.match(versions.body, /First version/);
    assert.equal((await new Browser(t.app).get(`${path(space.slug)}/versions/1`)).statusCode, 200);
    assert.equal((await new Browser(t.app).get(`${path(space.slug)}/versions/9`)).statusCode, 404);
    const audit = await queryRows<{ action: string }>(t.services.db, sql`select action from audit_log where space_id = ${space.id} and action like 'memorandum.%' order by id`);
    assert.deepEqual(audit.map((row) => row.action), ["memorandum.version_published", "memorandum.version_published"]);

    const member = await buildUser(t.services);
    assert.equal((await (await logIn(member)).post(`${path(space.slug)}/versions`, { "body.en": "Mine", "change_summary.en": "x" })).statusCode, 403, "only coordinators publish");
  });

  it("lets only an admin of the organisation sign for it (a plain member and a platform admin get 403), and a second signature of the same version is refused", async () => {
    const { space } = await buildMemorandumSpace(t.services);
    const organisation = await buildSigningOrganisation(t.services);
    const member = await buildUser(t.services);
    await addMember(t.services, organisation.id, member.id, "member");
    const platformAdmin = await buildUser(t.services, { isPlatformAdmin: true });
    for (const user of [member, platformAdmin]) {
      const refused = await (await logIn(user)).post(`${path(space.slug)}/sign`, { organisation_id: organisation.id });
      assert.equal(refused.statusCode, 403);
      assert.match(refused.body, /Only an administrator of the organisation/);
    }
    const stranger = await buildUser(t.services);
    assert.equal((await (await logIn(stranger)).post(`${path(space.slug)}/sign`, { organisation_id: organisation.id })).statusCode, 403);
    assert.equal((await (await logIn(stranger)).post(`${path(space.slug)}/sign`, { organisation_id: "not-an-id" })).statusCode, 422);
    assert.notEqual((await new Browser(t.app).post(`${path(space.slug)}/sign`, { organisation_id: organisation.id })).statusCode, 303, "signed out: no signature");

    const admin = await logIn(organisation.admin);
    const form = await admin.get(path(space.slug));
    assert.match(form.body, /Sign version 1 for/);
    const signed = await admin.post(`${path(space.slug)}/sign`, { organisation_id: organisation.id });
    assert.equal(signed.statusCode, 303);
    assert.match((await admin.get(path(space.slug))).body, /Signed\. Your organisation is on the roster\./);
    await admin.post(`${path(space.slug)}/sign`, { organisation_id: organisation.id });
    assert.match((await admin.get(path(space.slug))).body, /already signed the current version/);
    const rows = await queryRows<{ action: string; user_id: string }>(t.services.db, sql`select action, user_id from memorandum_signature_events where space_id = ${space.id}`);
    assert.deepEqual(rows, [{ action: "signed", user_id: organisation.admin.id }]);
    const audit = await queryRows<{ n: string }>(t.services.db, sql`select count(*) as n from audit_log where action = 'memorandum.signed' and subject_id = ${organisation.id}`);
    assert.equal(Number(audit[0]!.n), 1);
  });

  it("after a new version flags earlier signatories, mails their admins once in their own language, and re-signing clears the flag", async () => {
    const { space, coordinator } = await buildMemorandumSpace(t.services);
    const english = await buildSigningOrganisation(t.services, "en");
    const russian = await buildSigningOrganisation(t.services, "ru");
    const russianMember = await buildUser(t.services, { locale: "ru" });
    await addMember(t.services, russian.id, russianMember.id, "member");
    for (const organisation of [english, russian]) await signMemorandum(t.services, { id: organisation.admin.id }, space.id, organisation.id);
    await publishVersion(t.services, { id: coordinator.id }, space.id, { bodyMd: { en: "## Purpose\n\nChanged.", ru: "## Цель\n\nИзменено." }, changeSummary: { en: "Shorter", ru: "Короче" } });
    await t.services.jobs.drain();
    await t.services.jobs.drain();
    const mails = await outboxMessages(t.outboxDir);
    const toEnglish = mails.filter((mail) => mail.to.includes(english.admin.email));
    const toRussian = mails.filter((mail) => mail.to.includes(russian.admin.email));
    assert.equal(toEnglish.length, 1);
    assert.equal(toRussian.length, 1, "one mail per admin, even when the job runs again");
    assert.equal(mails.filter((mail) => mail.to.includes(russianMember.email)).length, 0, "members who cannot sign are not asked to");
    assert.match(toEnglish[0]!.subject, /Please re-sign the memorandum/);
    assert.equal(toEnglish[0]!.language, "en");
    assert.match(toRussian[0]!.subject, /Просим заново подписать меморандум/);
    assert.equal(toRussian[0]!.language, "ru");
    assert.match(toRussian[0]!.text, new RegExp(`${path(space.slug)}/versions/2/changes`));

    const roster = await new Browser(t.app).get(`${path(space.slug)}/signatories`);
    assert.equal((roster.body.match(/Signed an earlier version — invited to re-sign/g) ?? []).length, 2);
    const admin = await logIn(english.admin);
    assert.match((await admin.get(path(space.slug))).body, /signed version 1 on .*, an earlier version/);
    assert.equal((await admin.post(`${path(space.slug)}/sign`, { organisation_id: english.id })).statusCode, 303);
    assert.match((await admin.get(path(space.slug))).body, /Re-signed/);
    const after = await new Browser(t.app).get(`${path(space.slug)}/signatories`);
    assert.equal((after.body.match(/Signed an earlier version — invited to re-sign/g) ?? []).length, 1, "re-signing clears the flag");
    const earlier = await new Browser(t.app).get(`/api/v1/spaces/${space.slug}/memorandum/signatories?standing=earlier`, { accept: "application/json" });
    const data = (JSON.parse(earlier.body) as { current_version: number; data: { organisation: { slug: string }; version_signed: number; is_earlier_version: boolean }[] });
    assert.equal(data.current_version, 2);
    assert.deepEqual(data.data.map((entry) => [entry.organisation.slug, entry.version_signed, entry.is_earlier_version]), [[russian.slug, 1, true]]);
    const events = await queryRows<{ action: string }>(t.services.db, sql`select action from memorandum_signature_events where organisation_id = ${english.id} order by created_at, id`);
    assert.deepEqual(events.map((row) => row.action), ["signed", "resigned"]);
  });

  it("withdraws with a reason (kept and named when too long), shows it on the roster, and counts it in the report", async () => {
    const { space } = await buildMemorandumSpace(t.services);
    const organisation = await buildSigningOrganisation(t.services);
    const admin = await logIn(organisation.admin);
    await admin.post(`${path(space.slug)}/sign`, { organisation_id: organisation.id });
    const tooLong = await admin.post(`${path(space.slug)}/withdraw`, { organisation_id: organisation.id, reason: `${"x".repeat(2001)}` });
    assert.equal(tooLong.statusCode, 422);
    assert.match(tooLong.body, /at most 2,?000 characters/);
    assert.match(tooLong.body, /xxxxxxxxxx<\/textarea>/, "the typed reason is kept");
    const member = await buildUser(t.services);
    await addMember(t.services, organisation.id, member.id, "member");
    assert.equal((await (await logIn(member)).post(`${path(space.slug)}/withdraw`, { organisation_id: organisation.id, reason: "no" })).statusCode, 403);
    assert.equal((await admin.post(`${path(space.slug)}/withdraw`, { organisation_id: organisation.id, reason: `${XSS} Merged with another network` })).statusCode, 303);
    const roster = await new Browser(t.app).get(`${path(space.slug)}/signatories`);
    assert.match(roster.body, /Withdrawn signatures/);
    assert.match(roster.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt; Merged with another network/);
    assert.ok(!roster.body.includes(XSS));
    assert.match(roster.body, /No organisation has signed yet/);
    const locale = "en";
    const section = await memorandumReportSection.load(t.services.db, { spaceId: space.id, spaceSlug: space.slug, from: new Date("2026-01-01T00:00:00Z"), until: new Date("2026-12-31T00:00:00Z") }, { locale, t: translator(locale), format: intlFormat(locale) });
    const figures = section.blocks[0]!;
    assert.ok(figures.kind === "figures");
    assert.deepEqual(figures.items.map((item) => item.value), [1, 0, 1, 1, 0]);
    const before = await memorandumReportSection.load(t.services.db, { spaceId: space.id, spaceSlug: space.slug, from: new Date("2025-01-01T00:00:00Z"), until: new Date("2026-03-02T09:00:00.001Z") }, { locale, t: translator(locale), format: intlFormat(locale) });
    assert.ok(before.blocks[0]!.kind === "figures");
    assert.equal(await memorandumReportSection.isAvailable(t.services.db, space.id), true);
    const exported = (await memorandumPersonalData.exportFor(t.services.db, organisation.admin.id)) as { action: string; organisation: string }[];
    assert.deepEqual(exported.map((entry) => [entry.action, entry.organisation]), [["signed", organisation.slug], ["withdrawn", organisation.slug]]);
    assert.equal((await admin.post(`${path(space.slug)}/sign`, { organisation_id: organisation.id })).statusCode, 303, "an organisation may sign again after withdrawing");
  });

  it("shows each signatory's programme activities on the roster, in the CSV, the API and the feed; filters; private spaces stay hidden", async () => {
    const { space } = await buildMemorandumSpace(t.services);
    const organisation = await buildSigningOrganisation(t.services);
    const quiet = await buildSigningOrganisation(t.services);
    await buildCommitment(t.services, { spaceId: space.id, spaceSlug: space.slug, organisationId: organisation.id, ownerUserId: organisation.admin.id, status: "published", title: { en: `${XSS} Public hearings on water`, ru: "Общественные слушания" } });
    await buildCommitment(t.services, { spaceId: space.id, spaceSlug: space.slug, organisationId: organisation.id, ownerUserId: organisation.admin.id, status: "draft", title: { en: "Secret draft" } });
    for (const signer of [organisation, quiet]) await signMemorandum(t.services, { id: signer.admin.id }, space.id, signer.id);
    const roster = await new Browser(t.app).get(`${path(space.slug)}/signatories`);
    assert.equal(roster.statusCode, 200);
    assert.match(roster.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt; Public hearings on water/);
    assert.doesNotMatch(roster.body, /Secret draft/, "only published activities");
    assert.match(roster.body, /No published programme activity yet/);
    assert.ok(!roster.body.includes(XSS));
    assert.match(roster.body, /2 organisations have signed/);
    const csv = await new Browser(t.app).get(`${path(space.slug)}/signatories.csv`);
    assert.match(String(csv.headers["content-type"]), /text\/csv/);
    assert.match(csv.body, /organisation,organisation_slug,country,actor_type,version_signed/);
    assert.equal(csv.body.trim().split("\r\n").length, 3);
    const api = JSON.parse((await new Browser(t.app).get(`/api/v1/spaces/${space.slug}/memorandum/signatories`, { accept: "application/json" })).body) as { data: { organisation: { slug: string }; activities: { title: { en: string } }[] }[] };
    assert.equal(api.data.find((entry) => entry.organisation.slug === organisation.slug)!.activities[0]!.title.en, `${XSS} Public hearings on water`);
    const text = JSON.parse((await new Browser(t.app).get(`/api/v1/spaces/${space.slug}/memorandum`, { accept: "application/json" })).body) as { version: number; signatories: number; text_markdown: { en: string } };
    assert.equal(text.version, 1);
    assert.equal(text.signatories, 2);
    assert.match(text.text_markdown.en, /Purpose/);
    const feed = parseAtom((await new Browser(t.app).get(`${path(space.slug)}/signatories/feed.atom`)).body);
    assert.equal(feed.entries.length, 2);
    const badFilter = await new Browser(t.app).get(`${path(space.slug)}/signatories?country=ZZ`);
    assert.equal(badFilter.statusCode, 422);
    assert.equal((await new Browser(t.app).get(`/api/v1/spaces/${space.slug}/memorandum/signatories?standing=nope`, { accept: "application/json" })).statusCode, 422);
    assert.equal((await new Browser(t.app).get(`${path(space.slug)}/signatories?standing=earlier`)).body.match(/memorandum-roster">/g)?.length ?? 0, 0);

    const closed = await buildMemorandumSpace(t.services, { visibility: "private" });
    for (const url of [path(closed.space.slug), `${path(closed.space.slug)}/signatories`, `${path(closed.space.slug)}/signatories.csv`, `/api/v1/spaces/${closed.space.slug}/memorandum`]) {
      assert.equal((await new Browser(t.app).get(url, url.startsWith("/api") ? { accept: "application/json" } : {})).statusCode, 404, url);
    }
  });

  it("seeds the Aarhus memorandum once: two versions, five signatories, one not yet re-signed", async () => {
    const first = await seedDemo(t.services);
    await seedDemo(t.services);
    const spaceId = first.spaceIds[DEMO_MEMORANDUM_SPACE]!;
    const versions = await queryRows<{ version: number }>(t.services.db, sql`select version from memorandum_versions where space_id = ${spaceId} order by version`);
    assert.deepEqual(versions.map((row) => Number(row.version)), [1, 2]);
    const signatures = await queryRows<{ version: number }>(t.services.db, sql`select version from memorandum_signatures where space_id = ${spaceId} and status = 'signed' order by version`);
    assert.deepEqual(signatures.map((row) => Number(row.version)), [1, 2, 2, 2, 2]);
    const page = await new Browser(t.app, "ru").get(`${path(DEMO_MEMORANDUM_SPACE)}/signatories`);
    assert.match(page.body, /Подписана прежняя редакция/);
  });
});
