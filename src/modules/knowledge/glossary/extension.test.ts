import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq, sql } from "drizzle-orm";
import { migrationScript } from "../../../db/migrate";
import { queryRows } from "../../../db/sql";
import { GlossaryIndex } from "../../../platform/search/glossary";
import { contentStems } from "../../../platform/search/analyzer";
import { Browser, createTestApp, type TestApp } from "../../../testing/harness";
import { buildUser, XSS } from "../../../testing/factories";
import { addSpaceRole, buildSpace, type BuiltSpace } from "../../spaces/factories";
import { answerQuestion } from "../answers/engine";
import { knowledgeGlossaryTerms } from "../answers/schema";
import { saveDocument } from "../guidance/commands/save-document";
import { REANALYSE_CONCEPTS_JOB, reanalyseConcepts } from "./reanalyse";

describe("the glossary extension", () => {
  let t: TestApp;
  let space: BuiltSpace;
  let coordinator: Awaited<ReturnType<typeof buildUser>>;
  let member: Awaited<ReturnType<typeof buildUser>>;

  before(async () => {
    t = await createTestApp();
    space = await buildSpace(t.services, { enabledModules: ["knowledge"] });
    coordinator = await buildUser(t.services);
    member = await buildUser(t.services);
    await addSpaceRole(t.services, space.id, coordinator.id, "coordinator");
    await addSpaceRole(t.services, space.id, member.id, "member");
    await t.services.db.transaction((tx) =>
      saveDocument(
        tx,
        {
          spaceId: space.id,
          slug: "steppe",
          kind: "guidance",
          language: "en",
          title: "Grassland restoration",
          tags: [],
          bodyMd: "Intro.\n\n## Reseeding the tallgrass prairie\n\nReseeding the tallgrass prairie takes three seasons of careful grazing control.\n",
          status: "published",
          translationOfSlug: null,
          collectionId: null,
        },
        { actorUserId: null, source: "import", now: new Date() },
      ),
    );
  });
  after(() => t.close());

  test("a coordinator's term pair makes a Russian question find the English-only passage, once sections are re-analysed", async () => {
    const question = "Как восстановить ковыльную степь?";
    const ask = () => answerQuestion(t.services, question, { spaceId: space.id, viewer: { id: member.id, isPlatformAdmin: false }, locale: "ru" });
    assert.equal((await ask()).answered, false, "no shipped concept links the two");

    const browser = await new Browser(t.app).logIn(coordinator.email, coordinator.password);
    const added = await browser.post(`/spaces/${space.slug}/knowledge/glossary`, { concept: "new", en: "tallgrass prairie", ru: "ковыльная степь" });
    assert.equal(added.statusCode, 303);
    const [job] = await queryRows<{ payload: { spaceId: string } }>(t.services.db, sql`select payload from jobs where kind = ${REANALYSE_CONCEPTS_JOB} and status = 'pending'`);
    assert.deepEqual(job?.payload, { spaceId: space.id });
    assert.equal(await reanalyseConcepts(t.services.db, space.id), 1, "the section names the new concept (the intro does not)");
    const answer = await ask();
    assert.equal(answer.answered, true);
    assert.equal(answer.results[0]!.document, "steppe");

    const searched = async (query: string): Promise<string[]> => (JSON.parse((await new Browser(t.app).get(`/api/v1/search?${query}`)).body) as { data: { url: string }[] }).data.map((hit) => hit.url);
    const inSpace = await searched(`q=${encodeURIComponent(question)}&space=${space.slug}`);
    assert.ok(inSpace.some((url) => url.includes(`/spaces/${space.slug}/knowledge/guidance/steppe`)), `site search limited to the space reads its glossary (${inSpace.join(", ")})`);
    const everywhere = await searched(`q=${encodeURIComponent(question)}`);
    assert.ok(!everywhere.some((url) => url.includes("/guidance/steppe")), "search across the platform reads the platform's glossary, not one space's");

    const page = await browser.get(`/spaces/${space.slug}/knowledge/glossary`);
    assert.match(page.body, /ковыльная степь/);
    assert.match((await browser.get(`/spaces/${space.slug}/knowledge/ask`)).body, new RegExp(`href="/spaces/${space.slug}/knowledge/glossary"`), "the ask page links coordinators to it");
    assert.doesNotMatch((await new Browser(t.app).get(`/spaces/${space.slug}/knowledge/ask`)).body, /knowledge\/glossary/);
    assert.match(page.body, /tallgrass prairie/);
  });

  test("a platform administrator's term pair extends site search across the platform", async () => {
    // Not «тщательный контроль»: the shipped thesaurus links «контроль» and "control" already.
    const question = "тщательный выпас";
    const searched = async (): Promise<string[]> => (JSON.parse((await new Browser(t.app).get(`/api/v1/search?q=${encodeURIComponent(question)}`)).body) as { data: { url: string }[] }).data.map((hit) => hit.url);
    assert.ok(!(await searched()).some((url) => url.includes("/guidance/steppe")), "no shipped concept links the two");
    const admin = await buildUser(t.services, { isPlatformAdmin: true });
    const browser = await new Browser(t.app).logIn(admin.email, admin.password);
    assert.equal((await browser.post("/knowledge/glossary", { concept: "new", en: "careful grazing", ru: "тщательный выпас" })).statusCode, 303);
    await reanalyseConcepts(t.services.db, null);
    assert.ok((await searched()).some((url) => url.includes(`/spaces/${space.slug}/knowledge/guidance/steppe`)), "the platform's term finds the English passage");
  });

  test("a term with markup is kept as text and shown escaped; an empty pair is refused beside the field", async () => {
    const browser = await new Browser(t.app).logIn(coordinator.email, coordinator.password);
    await browser.post(`/spaces/${space.slug}/knowledge/glossary`, { concept: "new", en: `${XSS} grazing`, ru: "" });
    const page = await browser.get(`/spaces/${space.slug}/knowledge/glossary`);
    assert.ok(!page.body.includes(XSS));
    const refused = await browser.post(`/spaces/${space.slug}/knowledge/glossary`, { concept: "new", en: "  ", ru: "" });
    assert.equal(refused.statusCode, 422);
    assert.match(refused.body, /Give at least one term/);
    const unknown = await browser.post(`/spaces/${space.slug}/knowledge/glossary`, { concept: "no-such-concept", en: "meadow", ru: "" });
    assert.equal(unknown.statusCode, 422);
  });

  test("a term search could not use as written is refused with the reason, and what was typed stays in the form", async () => {
    const browser = await new Browser(t.app).logIn(coordinator.email, coordinator.password);
    const lostDigit = await browser.post(`/spaces/${space.slug}/knowledge/glossary`, { concept: "new", en: "SDG 5", ru: "степной пожар" });
    assert.equal(lostDigit.statusCode, 422);
    assert.match(lostDigit.body, /a single letter or digit/);
    assert.match(lostDigit.body, /value="степной пожар"/, "the other field is kept");
    const collapsed = await browser.post(`/spaces/${space.slug}/knowledge/glossary?lang=ru`, { concept: "new", en: "", ru: "как долго" });
    assert.equal(collapsed.statusCode, 422);
    assert.match(collapsed.body, /значимо лишь одно слово/);
    const rows = await t.services.db.select().from(knowledgeGlossaryTerms).where(eq(knowledgeGlossaryTerms.spaceId, space.id));
    assert.ok(!rows.some((row) => ["SDG 5", "степной пожар", "как долго"].includes(row.term)), "nothing of a refused pair is stored");
  });

  test("only coordinators manage a space's glossary and only platform admins the platform's", async () => {
    const asMember = await new Browser(t.app).logIn(member.email, member.password);
    assert.equal((await asMember.get(`/spaces/${space.slug}/knowledge/glossary`)).statusCode, 403);
    assert.equal((await asMember.post(`/spaces/${space.slug}/knowledge/glossary`, { concept: "new", en: "meadow", ru: "луг" })).statusCode, 403);
    assert.equal((await asMember.get("/knowledge/glossary")).statusCode, 403);
    assert.equal((await new Browser(t.app).get(`/spaces/${space.slug}/knowledge/glossary`)).statusCode, 401);
    const admin = await buildUser(t.services, { isPlatformAdmin: true });
    assert.equal((await (await new Browser(t.app).logIn(admin.email, admin.password)).get("/knowledge/glossary")).statusCode, 200);
  });

  test("a space without the knowledge hub has no glossary page", async () => {
    const plain = await buildSpace(t.services);
    const admin = await buildUser(t.services, { isPlatformAdmin: true });
    const browser = await new Browser(t.app).logIn(admin.email, admin.password);
    assert.equal((await browser.get(`/spaces/${plain.slug}/knowledge/glossary`)).statusCode, 404);
    assert.equal((await browser.post(`/spaces/${plain.slug}/knowledge/glossary`, { concept: "new", en: "meadow", ru: "луг" })).statusCode, 404);
  });

  test("migration 0051 queues the re-analysis of every section once, where there are sections (the shipped thesaurus arrived)", async () => {
    const platformJobs = async () => (await queryRows<{ count: number }>(t.services.db, sql`select count(*)::int as count from jobs where kind = ${REANALYSE_CONCEPTS_JOB} and payload = '{"spaceId": null}'::jsonb`))[0]!.count;
    const before = await platformJobs();
    await t.services.db.execute(sql.raw(migrationScript("0051_knowledge_thesaurus_reanalyse.sql")));
    assert.equal(await platformJobs(), before + 1);
  });

  test("removing a term drops it from the space's glossary", async () => {
    const [row] = await queryRows<{ id: string }>(t.services.db, sql`select id from knowledge_glossary_terms where term = 'ковыльная степь'`);
    const browser = await new Browser(t.app).logIn(coordinator.email, coordinator.password);
    assert.equal((await browser.post(`/spaces/${space.slug}/knowledge/glossary/remove`, { termId: row!.id })).statusCode, 303);
    const page = await browser.get(`/spaces/${space.slug}/knowledge/glossary`);
    assert.doesNotMatch(page.body, /ковыльная степь/);
    assert.equal((await browser.post(`/spaces/${space.slug}/knowledge/glossary/remove`, { termId: row!.id })).statusCode, 404);
  });
});

describe("GlossaryIndex", () => {
  test("takes the cover of the most words over the whole text, not the first match from the left", () => {
    const index = new GlossaryIndex([
      { id: "access", en: ["access to information"], ru: [] },
      { id: "information-request", en: ["information request"], ru: [] },
      { id: "request-refusal", en: ["request refusal", "refusal"], ru: [] },
    ]);
    // Every word covered, by the fewest terms.
    const matches = index.findConcepts(contentStems("information request refusal"));
    assert.deepEqual(matches.map((match) => match.conceptId), ["information-request", "request-refusal"]);
    const overlapping = new GlossaryIndex([
      { id: "short", en: ["national plan"], ru: [] },
      { id: "long", en: ["plan of action for mercury"], ru: [] },
    ]);
    assert.deepEqual(overlapping.findConcepts(contentStems("national plan of action for mercury")).map((match) => match.conceptId), ["long"], "the longer term starting a word later wins");
  });
});
