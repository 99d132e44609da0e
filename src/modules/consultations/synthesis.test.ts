import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { and, eq } from "drizzle-orm";
import { DAY_MS } from "../../platform/clock";
import { auditLog } from "../../platform/schema";
import { buildUser, XSS, type BuiltUser } from "../../testing/factories";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import { buildOrganisation } from "../organisations/factories";
import { addSpaceRole, buildSpace } from "../spaces/factories";
import { buildBreakouts, buildConsultation, buildConsultationSpace, buildContribution, type BuiltConsultation, type ConsultationCast } from "./factories";
import { listGoodPractices } from "./good-practices";
import { consultationContributions, consultationFindingItems, consultationFindings, consultationSyntheses, consultationTags, goodPractices } from "./schema";
import { csvCell } from "./views/report-csv";

describe("synthesis: tags, good practices, syntheses, the report and the CSV", () => {
  let t: TestApp;
  let coordinator: BuiltUser;
  let spaceFacilitator: BuiltUser;
  let groupFacilitator: BuiltUser;
  let participant: BuiltUser;
  let seated: BuiltUser;
  let consultation: BuiltConsultation;
  let spaceId = "";
  let spaceSlug = "";
  const as = async (user: BuiltUser) => new Browser(t.app).logIn(user.email, user.password);
  const url = (path: string, built: BuiltConsultation = consultation) => `/spaces/${built.spaceSlug}/consultations/${built.slug}${path}`;
  const hide = (id: string) => t.services.db.update(consultationContributions).set({ status: "hidden" }).where(eq(consultationContributions.id, id));
  const topicOf = (built: BuiltConsultation, group = 0) => ({ consultationId: built.id, topicId: built.groups[group]!.topics[0]!.id });

  before(async () => {
    t = await createTestApp();
    let people: ConsultationCast;
    ({ id: spaceId, slug: spaceSlug, people } = await buildConsultationSpace(t.services));
    ({ coordinator, spaceFacilitator, groupFacilitator, participant } = people);
    seated = await buildUser(t.services);
    consultation = await buildConsultation(t.services, {
      spaceId,
      spaceSlug,
      groups: [{ topics: [{ questions: 1 }], facilitatorIds: [groupFacilitator.id] }, { kind: "session", topics: [{ questions: 1 }] }],
    });
  });
  after(() => t.close());

  test("tagging is for facilitators of the contribution's group: others get 403, anonymous 401", async () => {
    const inGroupOne = await buildContribution(t.services, topicOf(consultation, 0), { authorId: participant.id });
    const inGroupTwo = await buildContribution(t.services, topicOf(consultation, 1));
    const facilitatorBrowser = await as(groupFacilitator);
    const page = await facilitatorBrowser.get(url(`/contributions/${inGroupOne.number}/tag`));
    assert.equal(page.statusCode, 200);
    assert.ok(!page.body.includes(XSS), "the contribution's script tag is escaped");
    assert.match(page.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(page.body, new RegExp(`<article class="contribution contribution-published[^"]*" id="c-${inGroupOne.number}"`), "the shared contribution card is shown");
    assert.match(page.body, /consultation-contributions\.[0-9a-f]{12}\.css/);
    const tagLink = `href="${url(`/contributions/${inGroupOne.number}/tag`)}"`;
    assert.ok((await facilitatorBrowser.get(url("/topics/1"))).body.includes(tagLink), "the topic page links facilitators to the tag page");
    assert.ok(!(await (await as(participant)).get(url("/topics/1"))).body.includes(tagLink), "participants get no tag link");
    assert.equal((await facilitatorBrowser.get(url(`/contributions/${inGroupTwo.number}/tag`))).statusCode, 403, "a named facilitator of group 1 does not tag in group 2");
    assert.equal((await facilitatorBrowser.post(url(`/contributions/${inGroupTwo.number}/tag`), { "tag.gap": "on" })).statusCode, 403);
    for (const user of [spaceFacilitator, coordinator]) assert.equal((await (await as(user)).get(url(`/contributions/${inGroupTwo.number}/tag`))).statusCode, 200);
    const participantBrowser = await as(participant);
    assert.equal((await participantBrowser.get(url(`/contributions/${inGroupOne.number}/tag`))).statusCode, 403, "not even the author");
    assert.equal((await participantBrowser.post(url(`/contributions/${inGroupOne.number}/tag`), { "tag.gap": "on" })).statusCode, 403);
    assert.equal((await new Browser(t.app).get(url(`/contributions/${inGroupOne.number}/tag`))).statusCode, 401);
    assert.equal((await facilitatorBrowser.get(url("/contributions/999999/tag"))).statusCode, 404);
    assert.equal((await facilitatorBrowser.get(url("/contributions/abc/tag"))).statusCode, 404);
    const tags = await t.services.db.select().from(consultationTags).where(eq(consultationTags.contributionId, inGroupOne.id));
    assert.equal(tags.length, 0, "refused posts wrote nothing");

    const saved = await facilitatorBrowser.post(url(`/contributions/${inGroupOne.number}/tag`), { "tag.gap": "on", "note.gap": "No data <b>", "tag.agreement": "on" });
    assert.equal(saved.statusCode, 303);
    const rows = await t.services.db.select().from(consultationTags).where(eq(consultationTags.contributionId, inGroupOne.id));
    assert.deepEqual(rows.map((row) => row.tag).sort(), ["agreement", "gap"]);
    assert.equal(rows.find((row) => row.tag === "gap")?.note, "No data <b>");
    assert.equal(rows[0]?.taggedBy, groupFacilitator.id);
    const audit = await t.services.db.select().from(auditLog).where(and(eq(auditLog.action, "consultation.contribution_tagged"), eq(auditLog.subjectId, inGroupOne.id)));
    assert.equal(audit.length, 1);
    // unchecking removes a tag
    await facilitatorBrowser.post(url(`/contributions/${inGroupOne.number}/tag`), { "tag.gap": "on" });
    const after = await t.services.db.select().from(consultationTags).where(eq(consultationTags.contributionId, inGroupOne.id));
    assert.deepEqual(after.map((row) => row.tag), ["gap"]);
    assert.equal(after[0]?.note, "", "a note not sent again is cleared");
  });

  test("a good-practice tag keeps a record: created with defaults, updated, removed on untagging; bad input re-renders", async () => {
    const organisation = await buildOrganisation(t.services);
    const contribution = await buildContribution(t.services, topicOf(consultation, 0), {
      body: "Одно окно для мигрантов в Алматы.\nРаботает с 2019 года и сократило сроки.",
      language: "ru",
      organisationId: organisation.id,
    });
    const browser = await as(groupFacilitator);
    const path = url(`/contributions/${contribution.number}/tag`);
    const form = await browser.get(path);
    assert.match(form.body, /value="Одно окно для мигрантов в Алматы\."/, "the title starts from the first sentence");

    const missingKind = await browser.post(path, { "tag.good_practice": "on", "note.good_practice": "keep me" });
    assert.equal(missingKind.statusCode, 422);
    assert.match(missingKind.body, /field-error/);
    assert.match(missingKind.body, /value="keep me"/, "input is kept");
    assert.equal((await t.services.db.select().from(goodPractices).where(eq(goodPractices.sourceId, contribution.id))).length, 0);
    assert.equal((await browser.post(path, { "tag.good_practice": "on", practice_kind: "spaceship" })).statusCode, 422);

    assert.equal((await browser.post(path, { "tag.good_practice": "on", practice_kind: "institution", "practice_title.ru": "", "practice_title.en": "" })).statusCode, 303);
    const [created] = await t.services.db.select().from(goodPractices).where(eq(goodPractices.sourceId, contribution.id));
    assert.ok(created);
    assert.equal(created.kind, "institution");
    assert.equal(created.sourceType, "consultation_contribution");
    assert.equal(created.spaceId, spaceId);
    assert.equal(created.organisationId, organisation.id);
    assert.equal(created.language, "ru");
    assert.deepEqual(created.title, { ru: "Одно окно для мигрантов в Алматы." }, "an emptied title falls back to the first line");
    assert.match(created.description.ru ?? "", /сократило сроки/);
    assert.equal(created.createdBy, groupFacilitator.id);
    const [tag] = await t.services.db.select().from(consultationTags).where(eq(consultationTags.contributionId, contribution.id));
    assert.equal(tag?.practiceKind, "institution");

    t.clock.advance(60_000);
    await browser.post(path, { "tag.good_practice": "on", practice_kind: "policy", "practice_title.en": "One-stop shop for migrants", "practice_title.ru": "Единое окно", "practice_description.en": "Shorter waits." });
    const [updated] = await t.services.db.select().from(goodPractices).where(eq(goodPractices.sourceId, contribution.id));
    assert.equal(updated?.id, created.id, "the same record is updated");
    assert.equal(updated?.kind, "policy");
    assert.deepEqual(updated?.title, { en: "One-stop shop for migrants", ru: "Единое окно" });
    assert.ok(updated!.updatedAt > created.updatedAt);

    const listed = await listGoodPractices(t.services.db, null, { spaceId, kind: "policy" });
    const item = listed.find((practice) => practice.id === created.id);
    assert.ok(item, "a public consultation's practice is listed for anonymous readers");
    assert.equal(item.source.contributionNumber, contribution.number);
    assert.equal(item.organisation?.id, organisation.id);
    assert.equal((await listGoodPractices(t.services.db, null, { spaceId, kind: "fund" })).some((practice) => practice.id === created.id), false);

    await browser.post(path, { "tag.recommendation": "on" });
    assert.equal((await t.services.db.select().from(goodPractices).where(eq(goodPractices.sourceId, contribution.id))).length, 0, "untagging removes the record");
  });

  test("the good-practice fields start from the contribution as plain text, not its Markdown", async () => {
    const contribution = await buildContribution(t.services, topicOf(consultation, 0), {
      body: "**Regional visa desk** in _Almaty_. See [the report](https://example.org/r) and `form 7`.\n\n- fast\n- cheap",
      language: "en",
    });
    const form = await (await as(groupFacilitator)).get(url(`/contributions/${contribution.number}/tag`));
    assert.match(form.body, /value="Regional visa desk in Almaty\."/);
    assert.match(form.body, /Regional visa desk in Almaty\. See the report and form 7\.\n\n- fast\n- cheap<\/textarea>/);
    assert.doesNotMatch(form.body, /\*\*Regional|_Almaty_|\]\(https/);
  });

  test("hidden contributions cannot be tagged, and their good practices leave the list", async () => {
    const hidden = await buildContribution(t.services, topicOf(consultation, 0), { status: "hidden" });
    const browser = await as(groupFacilitator);
    const refused = await browser.post(url(`/contributions/${hidden.number}/tag`), { "tag.gap": "on" });
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /Only published contributions can be tagged/);
    assert.equal((await t.services.db.select().from(consultationTags).where(eq(consultationTags.contributionId, hidden.id))).length, 0);

    const later = await buildContribution(t.services, topicOf(consultation, 0));
    await browser.post(url(`/contributions/${later.number}/tag`), { "tag.good_practice": "on", practice_kind: "fund" });
    const [record] = await t.services.db.select().from(goodPractices).where(eq(goodPractices.sourceId, later.id));
    assert.ok((await listGoodPractices(t.services.db, null)).some((practice) => practice.id === record!.id));
    await hide(later.id);
    assert.equal((await listGoodPractices(t.services.db, null)).some((practice) => practice.id === record!.id), false);
  });

  test("good practices are listed a bounded page at a time, newest first, the next page after the last one seen", async () => {
    const other = await buildConsultationSpace(t.services);
    const built = await buildConsultation(t.services, { spaceId: other.id, spaceSlug: other.slug });
    const browser = await as(other.people.spaceFacilitator);
    for (let index = 0; index < 3; index++) {
      const contribution = await buildContribution(t.services, topicOf(built));
      t.clock.advance(60_000);
      assert.equal((await browser.post(url(`/contributions/${contribution.number}/tag`, built), { "tag.good_practice": "on", practice_kind: "project" })).statusCode, 303);
    }
    const all = await listGoodPractices(t.services.db, null, { spaceId: other.id });
    assert.equal(all.length, 3);
    const first = await listGoodPractices(t.services.db, null, { spaceId: other.id }, { limit: 2 });
    assert.deepEqual(first.map((practice) => practice.id), all.slice(0, 2).map((practice) => practice.id));
    const last = first[first.length - 1]!;
    const second = await listGoodPractices(t.services.db, null, { spaceId: other.id }, { limit: 2, after: { createdAt: last.createdAt, id: last.id } });
    assert.deepEqual(second.map((practice) => practice.id), [all[2]!.id]);
    assert.ok(all[0]!.createdAt >= all[1]!.createdAt && all[1]!.createdAt >= all[2]!.createdAt, "newest first");
    assert.equal((await listGoodPractices(t.services.db, null, { spaceId: other.id }, { limit: 10_000 })).length, 3, "an oversized limit is bounded, not refused");
  });

  test("good practices of members-only consultations and private spaces are listed only for people who may see them", async () => {
    const member = await buildUser(t.services);
    const outsider = await buildUser(t.services);
    await addSpaceRole(t.services, spaceId, member.id, "member");
    const membersOnly = await buildConsultation(t.services, { spaceId, spaceSlug, visibility: "members" });
    const contribution = await buildContribution(t.services, topicOf(membersOnly));
    assert.equal((await (await as(spaceFacilitator)).post(url(`/contributions/${contribution.number}/tag`, membersOnly), { "tag.good_practice": "on", practice_kind: "project" })).statusCode, 303);
    const [record] = await t.services.db.select().from(goodPractices).where(eq(goodPractices.sourceId, contribution.id));
    const sees = async (viewer: { id: string } | null) =>
      (await listGoodPractices(t.services.db, viewer ? { id: viewer.id, isPlatformAdmin: false } : null)).some((practice) => practice.id === record!.id);
    assert.equal(await sees(member), true);
    assert.equal(await sees(spaceFacilitator), true);
    assert.equal(await sees(outsider), false);
    assert.equal(await sees(null), false);
    assert.equal((await listGoodPractices(t.services.db, { id: outsider.id, isPlatformAdmin: true })).some((practice) => practice.id === record!.id), true);

    // members-only consultation: its outputs are 404 for outsiders, exactly like a missing one
    const outsiderBrowser = await as(outsider);
    for (const path of ["/report", "/report.md", "/contributions.csv", "/findings", `/contributions/${contribution.number}/tag`, "/topics/1/synthesis", "/groups/1/synthesis"]) {
      assert.equal((await outsiderBrowser.get(url(path, membersOnly))).statusCode, 404, path);
    }
    assert.equal((await new Browser(t.app).get(url("/report", membersOnly))).statusCode, 404);

    const privateSpace = await buildSpace(t.services, { enabledModules: ["consultations"], visibility: "private" });
    const insider = await buildUser(t.services);
    await addSpaceRole(t.services, privateSpace.id, insider.id, "facilitator");
    const hiddenAway = await buildConsultation(t.services, { spaceId: privateSpace.id, spaceSlug: privateSpace.slug, closesAt: new Date(t.clock.now().getTime() - DAY_MS) });
    const privateContribution = await buildContribution(t.services, topicOf(hiddenAway));
    assert.equal((await (await as(insider)).post(url(`/contributions/${privateContribution.number}/tag`, hiddenAway), { "tag.good_practice": "on", practice_kind: "other" })).statusCode, 303);
    const [privateRecord] = await t.services.db.select().from(goodPractices).where(eq(goodPractices.sourceId, privateContribution.id));
    const listedTo = async (viewer: { id: string } | null) =>
      (await listGoodPractices(t.services.db, viewer ? { id: viewer.id, isPlatformAdmin: false } : null)).some((practice) => practice.id === privateRecord!.id);
    assert.equal(await listedTo(insider), true);
    assert.equal(await listedTo(outsider), false);
    assert.equal(await listedTo(null), false);
    for (const path of ["/report", "/report.md", "/contributions.csv"]) assert.equal((await outsiderBrowser.get(url(path, hiddenAway))).statusCode, 404, path);
  });

  test("a facilitator saves the synthesis of a topic and of a plenary; others may not", async () => {
    const [breakout] = await buildBreakouts(t.services, consultation.groups[1]!.id, [[seated.id]]);
    assert.ok(breakout);
    const browser = await as(groupFacilitator);
    const topicPath = url("/topics/1/synthesis");
    t.clock.advance(1000);
    const saved = await browser.post(topicPath, { body: "Most groups **agree** on one-stop shops.\n\n<script>alert(1)</script>" });
    assert.equal(saved.statusCode, 303);
    const [row] = await t.services.db.select().from(consultationSyntheses).where(eq(consultationSyntheses.topicId, consultation.groups[0]!.topics[0]!.id));
    assert.equal(row?.updatedBy, groupFacilitator.id);
    assert.equal(row?.updatedAt.getTime(), t.clock.now().getTime());
    const page = await browser.get(topicPath);
    assert.match(page.body, /<strong>agree<\/strong>/);
    assert.ok(!page.body.includes(XSS));
    assert.match(page.body, /Last updated by/);

    // saving again replaces the text (one synthesis per topic)
    await browser.post(topicPath, { body: "Groups **agree** on one-stop shops for migrants." });
    assert.equal((await t.services.db.select().from(consultationSyntheses).where(eq(consultationSyntheses.topicId, consultation.groups[0]!.topics[0]!.id))).length, 1);

    assert.equal((await browser.post(url("/groups/2/synthesis"), { body: "not my group" })).statusCode, 403, "a named facilitator of group 1 does not write group 2's plenary");
    assert.equal((await browser.get(url("/groups/9/synthesis"))).statusCode, 404);
    const spaceFacilitatorBrowser = await as(spaceFacilitator);
    assert.equal((await spaceFacilitatorBrowser.post(url("/groups/2/synthesis"), { body: "The breakouts *converged* on data sharing." })).statusCode, 303);
    const tooLong = await spaceFacilitatorBrowser.post(url("/groups/2/synthesis"), { body: "x".repeat(50_001) });
    assert.equal(tooLong.statusCode, 422);
    assert.match(tooLong.body, /field-error/);
    for (const user of [participant, seated]) {
      const other = await as(user);
      assert.equal((await other.get(topicPath)).statusCode, 403);
      assert.equal((await other.post(topicPath, { body: "mine now" })).statusCode, 403);
    }
    const [kept] = await t.services.db.select().from(consultationSyntheses).where(eq(consultationSyntheses.topicId, consultation.groups[0]!.topics[0]!.id));
    assert.equal(kept?.body, "Groups **agree** on one-stop shops for migrants.");
  });

  test("the report compiles syntheses, tagged items and accepted findings, without hidden posts; participants see it once the consultation closes", async () => {
    const closesAt = new Date(t.clock.now().getTime() + 2 * DAY_MS);
    const built = await buildConsultation(t.services, {
      spaceId,
      spaceSlug,
      closesAt,
      groups: [{ topics: [{ questions: 1 }] }, { kind: "session", topics: [{ questions: 1 }] }],
    });
    const organisation = await buildOrganisation(t.services);
    const practice = await buildContribution(t.services, topicOf(built, 0), { body: "Regional **visa** facilitation desk", organisationId: organisation.id });
    const recommendation = await buildContribution(t.services, topicOf(built, 1), { body: "Recommend yearly data exchange between states" });
    const hiddenTagged = await buildContribution(t.services, topicOf(built, 1), { body: "SECRET hidden contribution text" });
    const held = await buildContribution(t.services, topicOf(built, 0), { body: "HELD contribution text", status: "held" });
    const deleted = await buildContribution(t.services, topicOf(built, 0), { body: "DELETED contribution text", status: "deleted" });
    const formula = await buildContribution(t.services, topicOf(built, 0), { body: '=HYPERLINK("http://evil.example","click"), then "quoted"\nsecond line' });
    const facilitator = await as(spaceFacilitator);
    await facilitator.post(url(`/contributions/${practice.number}/tag`, built), { "tag.good_practice": "on", practice_kind: "institution", "note.good_practice": "Worth copying" });
    await facilitator.post(url(`/contributions/${recommendation.number}/tag`, built), { "tag.recommendation": "on", "tag.disagreement": "on" });
    await facilitator.post(url(`/contributions/${hiddenTagged.number}/tag`, built), { "tag.gap": "on" });
    await hide(hiddenTagged.id);
    await facilitator.post(url("/topics/1/synthesis", built), { body: "Topic synthesis with **bold** words" });
    await facilitator.post(url("/groups/2/synthesis", built), { body: "Plenary synthesis of the session" });
    const [finding] = await t.services.db
      .insert(consultationFindings)
      .values({ consultationId: built.id, title: "Data exchange recurs <i>", summary: "Both groups want data", status: "accepted", signature: [practice.id, recommendation.id].sort().join(","), score: 0.5 })
      .returning();
    await t.services.db.insert(consultationFindingItems).values([practice, recommendation, hiddenTagged].map((item) => ({ findingId: finding!.id, contributionId: item.id })));
    await t.services.db.insert(consultationFindings).values({ consultationId: built.id, title: "Rejected idea", status: "rejected", signature: "x", score: 0.4 });

    const participantBrowser = await as(participant);
    const early = await participantBrowser.get(url("/report", built));
    assert.equal(early.statusCode, 403, "participants wait for the consultation to close");
    assert.match(early.body, /published when the consultation closes/);
    assert.equal((await participantBrowser.get(url("/contributions.csv", built))).statusCode, 403);

    const facilitatorReport = await facilitator.get(url("/report", built));
    assert.equal(facilitatorReport.statusCode, 200, "facilitators see the report while it runs");
    assert.ok(facilitatorReport.body.includes(`href="${url("/topics/1/synthesis", built)}"`) && facilitatorReport.body.includes(`href="${url("/groups/2/synthesis", built)}"`), "facilitators reach the synthesis forms from the report");

    t.clock.advance(3 * DAY_MS);
    const report = await participantBrowser.get(url("/report", built));
    assert.equal(report.statusCode, 200);
    const page = report.body;
    assert.match(page, /class="report-toc"/);
    assert.ok(!page.includes("/synthesis\""), "participants get no synthesis form links");
    assert.match(page, /href="#topic-1"/);
    assert.match(page, /consultation-report\.[0-9a-f]{12}\.css/);
    assert.match(page, /Topic synthesis with <strong>bold<\/strong> words/);
    assert.match(page, /Plenary synthesis of the session/);
    assert.match(page, /Good practices \(1\)/);
    assert.match(page, /Institution/);
    assert.match(page, /Regional <strong>visa<\/strong> facilitation desk/);
    assert.match(page, /Worth copying/);
    assert.match(page, /Recommendations \(1\)/);
    assert.match(page, /Points of disagreement \(1\)/);
    assert.match(page, /Data exchange recurs &lt;i&gt;/);
    assert.match(page, /Raised in 2 contributions from 2 groups/);
    assert.ok(!page.includes("Rejected idea"));
    assert.ok(!page.includes("SECRET"), "hidden contributions stay out, even when tagged or in a finding");
    assert.ok(!page.includes("HELD") && !page.includes("DELETED"));
    assert.ok(!page.includes(XSS), "titles from factories are escaped");
    assert.match(page, /3 contributions by 3 participants, on behalf of 1 organisation/);
    // tagged twice and in a finding: quoted in full once, referred back to elsewhere
    assert.equal(page.split("Recommend yearly data exchange between states").length - 1, 1, "quoted once");
    assert.match(page, new RegExp(`<blockquote id="quote-${recommendation.number}"`));
    assert.equal((page.match(new RegExp(`<a href="#quote-${recommendation.number}">#${recommendation.number} [^<]*— quoted above</a>`, "g")) ?? []).length, 2, "under its second tag and in the finding");

    const markdown = await participantBrowser.get(url("/report.md", built));
    assert.equal(markdown.statusCode, 200);
    assert.match(String(markdown.headers["content-type"]), /text\/markdown/);
    assert.match(String(markdown.headers["content-disposition"]), new RegExp(`attachment; filename="${built.slug}-report.md"`));
    assert.match(markdown.body, /## Contents/);
    assert.match(markdown.body, /Topic synthesis with \*\*bold\*\* words/);
    assert.match(markdown.body, /#### Good practices \(1\)/);
    assert.match(markdown.body, /> Regional \*\*visa\*\* facilitation desk/);
    assert.match(markdown.body, /### Data exchange recurs &lt;i&gt;/);
    assert.match(markdown.body, /Plenary synthesis of the session/);
    assert.ok(!markdown.body.includes("SECRET") && !markdown.body.includes("HELD"));
    assert.ok(!markdown.body.includes("<script>"), "no raw HTML from user text in the Markdown file");
    assert.equal(markdown.body.split("Recommend yearly data exchange between states").length - 1, 1, "quoted once in the Markdown too");
    assert.match(markdown.body, new RegExp(`— \\[#${recommendation.number} [^\\]]*— quoted above\\]\\(http[^)]*/contributions/${recommendation.number}\\)`));

    const csv = await participantBrowser.get(url("/contributions.csv", built));
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers["content-disposition"]), /attachment; filename=".*-contributions\.csv"/);
    const lines = csv.body.replace(/^\uFEFF/, "").split("\r\n");
    assert.equal(lines[0], "number,group,topic,question,breakout,in_reply_to,author,actor_type,language,created_at,tags,body", "no status column for participants");
    assert.ok(csv.body.includes(`"'=HYPERLINK(""http://evil.example"",""click""), then ""quoted""\nsecond line"`), "formula neutralised, quotes doubled, newline kept inside quotes");
    assert.ok(!csv.body.includes("SECRET") && !csv.body.includes("HELD") && !csv.body.includes("DELETED"));
    assert.ok(csv.body.includes("good_practice"));
    assert.ok(csv.body.includes("disagreement recommendation"));
    assert.ok(lines.some((line) => line.startsWith(`${formula.number},`)));

    const coordinatorCsv = await (await as(coordinator)).get(url("/contributions.csv", built));
    assert.match(coordinatorCsv.body, /,created_at,tags,body\r\n/, "the same columns for coordinators (exports.test.ts covers every output)");
    assert.ok(!coordinatorCsv.body.includes("SECRET") && !coordinatorCsv.body.includes("HELD") && !coordinatorCsv.body.includes("DELETED"), "moderation stays in the queue");
    assert.ok(held.number > 0 && deleted.number > 0);
  });

  test("CSV cells: formulas are neutralised, quotes doubled, numbers left alone", () => {
    assert.equal(csvCell("=1+2"), "'=1+2");
    assert.equal(csvCell("+7 700"), "'+7 700");
    assert.equal(csvCell("-5"), "'-5");
    assert.equal(csvCell("@SUM(A1)"), "'@SUM(A1)");
    assert.equal(csvCell("\tx"), "'\tx");
    assert.equal(csvCell('say "hi", then go'), '"say ""hi"", then go"');
    assert.equal(csvCell("two\nlines"), '"two\nlines"');
    assert.equal(csvCell(-5), "-5");
    assert.equal(csvCell(null), "");
    assert.equal(csvCell("plain"), "plain");
  });
});
