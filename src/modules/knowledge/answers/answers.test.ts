import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { queryRows } from "../../../db/sql";
import { contentStems } from "../../../platform/search/analyzer";
import { createApiToken } from "../../../platform/api/tokens";
import { Browser, createTestApp, type TestApp } from "../../../testing/harness";
import { buildUser, XSS } from "../../../testing/factories";
import { addSpaceRole, buildSpace, type BuiltSpace } from "../../spaces/factories";
import { saveDocument, type DocumentFields } from "../guidance/commands/save-document";
import { answerQuestion, POSTINGS_PER_TERM, rankSections } from "./engine";

const MERCURY_EN = `Intro.

## Products that may no longer be made

Thermometers, batteries and fluorescent lamps with mercury above the listed limits may no longer be manufactured, imported or exported. ${XSS} Dental amalgam is phased down rather than banned.

## Exemptions

A Party may register an exemption for a listed product for five years, renewable once.
`;

const PARTICIPATION_RU = `Введение.

## Как подать замечания по проекту

Замечания принимаются в течение тридцати дней после объявления. Участие общественности обязательно для разрешений на новые предприятия.
`;

const KITCHEN_EN = "Intro.\n\n## Heating amalgam safely\n\nNever heat amalgam in the kitchen or near children; use a retort outdoors.\n";

const ECHIDNAL = "Intro.\n\n## Echidnal storage\n\nStorage is cold.\n\n## Other\n\nThe echidnal box is echidnal blue; echidnal cases too.\n";

async function saveGuidance(t: TestApp, overrides: Partial<DocumentFields>): Promise<void> {
  await t.services.db.transaction((tx) =>
    saveDocument(
      tx,
      { spaceId: null, slug: `doc-${Math.random().toString(36).slice(2, 10)}`, kind: "guidance", language: "en", title: "Guidance", tags: [], bodyMd: "", status: "published", translationOfSlug: null, collectionId: null, ...overrides },
      { actorUserId: null, source: "import", now: new Date() },
    ),
  );
}

describe("answers with citations", () => {
  let t: TestApp;
  let privateSpace: BuiltSpace;
  let publicSpace: BuiltSpace;
  let member: Awaited<ReturnType<typeof buildUser>>;

  before(async () => {
    t = await createTestApp();
    privateSpace = await buildSpace(t.services, { visibility: "private", enabledModules: ["knowledge"] });
    publicSpace = await buildSpace(t.services, { enabledModules: ["knowledge"] });
    member = await buildUser(t.services);
    await addSpaceRole(t.services, privateSpace.id, member.id, "member");
    await saveGuidance(t, { slug: "mercury-products", title: "Mercury-added products", bodyMd: MERCURY_EN });
    await saveGuidance(t, { slug: "public-participation", language: "ru", title: "Участие общественности в выдаче разрешений", bodyMd: PARTICIPATION_RU });
    // Seen by nobody but the private space's people: a word only it contains, and a draft with another.
    await saveGuidance(t, { spaceId: privateSpace.id, slug: "secret-doc", title: "Zanzibarian rules", bodyMd: "Intro.\n\n## Zanzibarian quorum rules\n\nThe zanzibarian quorum is seven members of the zanzibarian board.\n" });
    await saveGuidance(t, { slug: "draft-doc", title: "Quokkarian rules", status: "draft", bodyMd: "Intro.\n\n## Quokkarian quorum rules\n\nThe quokkarian quorum is nine members of the quokkarian board.\n" });
    await saveGuidance(t, { spaceId: publicSpace.id, slug: "space-doc", title: "Wombatish rules", bodyMd: "Intro.\n\n## Wombatish quorum rules\n\nThe wombatish quorum is five members of the wombatish board.\n" });
  });
  after(() => t.close());

  const ask = (question: string, spaceId: string | null = null, viewer: { id: string; isPlatformAdmin: boolean } | null = null) => answerQuestion(t.services, question, { spaceId, viewer, locale: "en" });

  test("cites the section that answers, with its document, heading, anchor link and the matched words", async () => {
    const answer = await ask("Which mercury products may no longer be manufactured?");
    assert.equal(answer.answered, true);
    const first = answer.results[0]!;
    assert.equal(first.document, "mercury-products");
    assert.equal(first.heading, "Products that may no longer be made");
    assert.equal(first.url, "/knowledge/guidance/mercury-products#products-that-may-no-longer-be-made");
    assert.ok(first.highlight.includes("mercury") && first.highlight.includes("manufactured"));
  });

  test("a Russian question finds an English-only passage through the glossary, and the reverse", async () => {
    const russian = await ask("Какие продукты с добавлением ртути запрещены?");
    assert.equal(russian.answered, true);
    assert.equal(russian.results[0]!.document, "mercury-products");
    const english = await ask("How does public participation in permits work?");
    assert.equal(english.answered, true);
    assert.ok(english.results.some((result) => result.document === "public-participation"));
  });

  test("a Russian question reaches an English passage through the bilingual dictionary where no concept carries its words", async () => {
    await saveGuidance(t, { slug: "kitchen-safety", title: "Safety at home", bodyMd: KITCHEN_EN });
    const question = "Можно ли это делать на кухне рядом с детьми?";
    const rank = async (dictionary: boolean) => (await rankSections(t.services, question, { spaceId: null, viewer: null, locale: "ru", dictionary })).find((entry) => entry.row.slug === "kitchen-safety");
    const without = await rank(false);
    const withDictionary = await rank(true);
    assert.ok(withDictionary && withDictionary.score > (without?.score ?? 0), "«кухня» → kitchen, «дети» → children");
    assert.ok(withDictionary.matched.has("kitchen"));
  });

  test("tolerates a typo and other word forms", async () => {
    const answer = await ask("exemptoins registered for products");
    assert.equal(answer.answered, true);
    assert.equal(answer.results[0]!.heading, "Exemptions");
  });

  test("declines when nothing in the guidance is about the question", async () => {
    const answer = await ask("Which hotel near the airport has a swimming pool?");
    assert.deepEqual(answer, { answered: false, results: [] });
  });

  test("a passage that never names what the question word asks about keeps half its score, and the question is declined", async () => {
    const exemptions = async (question: string) => (await rankSections(t.services, question, { spaceId: null, viewer: null, locale: "en" })).find((entry) => entry.row.heading === "Exemptions")?.score ?? 0;
    const plain = await exemptions("Does a Party face penalties for registering an exemption for a listed product?");
    const focused = await exemptions("Which penalties does a Party face for registering an exemption for a listed product?");
    assert.ok(plain > 0);
    assert.ok(Math.abs(focused - plain * 0.5) < 0.1 * plain, `${focused} is about half of ${plain}`);
    assert.equal((await ask("Which penalties does a Party face for registering an exemption for a listed product?")).answered, false);
    assert.equal((await ask("Which exemptions may a Party register for a listed product?")).answered, true, "the passage names the exemptions asked about");
  });

  test("odd questions (stop words only, punctuation, digits, quotes, hyphens, very long) decline or answer without an error", async () => {
    for (const question of ["how what when", "?!…", "2026", "o'clock \\ ' & | ! :*", "cross-border 'mercury' & (lamps)", "что как где", "ртуть ".repeat(400), `${XSS}`]) {
      const answer = await ask(question);
      assert.equal(typeof answer.answered, "boolean", question.slice(0, 30));
    }
    const response = await t.app.inject({ url: `/api/v1/answers?q=${encodeURIComponent("' | & ! :* \\")}` });
    assert.equal(response.statusCode, 200);
  });

  test("never answers from a private space's guidance or a draft to someone outside", async () => {
    assert.equal((await ask("zanzibarian quorum")).answered, false, "platform level never reads a space's guidance");
    assert.equal((await ask("zanzibarian quorum", privateSpace.id, null)).answered, false, "an outsider asking in the private space");
    assert.equal((await ask("quokkarian quorum")).answered, false, "a draft is never an answer");
    const inside = await ask("zanzibarian quorum", privateSpace.id, { id: member.id, isPlatformAdmin: false });
    assert.equal(inside.results[0]?.document, "secret-doc");
    assert.equal(inside.results[0]?.url, `/spaces/${privateSpace.slug}/knowledge/guidance/secret-doc#zanzibarian-quorum-rules`);
    // A space-level question reads the space's guidance plus the platform's.
    assert.equal((await ask("wombatish quorum", publicSpace.id)).results[0]?.document, "space-doc");
    assert.equal((await ask("mercury thermometers", publicSpace.id)).results[0]?.document, "mercury-products");
  });

  test("the page shows highlighted, escaped passages linking to the heading, in Russian too", async () => {
    const browser = new Browser(t.app, "ru");
    const response = await browser.get(`/knowledge/ask?q=${encodeURIComponent("mercury products no longer manufactured")}`);
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /Что говорится в руководствах/);
    assert.match(response.body, /<mark>mercury<\/mark>/);
    assert.match(response.body, /href="\/knowledge\/guidance\/mercury-products#products-that-may-no-longer-be-made"/);
    assert.ok(!response.body.includes(XSS), "the document's markup is escaped");
    assert.ok(response.body.includes("&lt;script&gt;alert(1)&lt;/script&gt;"));
  });

  test("the page says plainly there is no answer and offers to send the question to the secretariat", async () => {
    const question = `Which hotel has a pool? ${XSS}`;
    const response = await new Browser(t.app).get(`/knowledge/ask?q=${encodeURIComponent(question)}`);
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /No answer in the guidance/);
    assert.ok(response.body.includes(`href="/knowledge/enquiries/new?q=${encodeURIComponent(question)}"`));
    assert.ok(!response.body.includes(XSS));
    const inSpace = await new Browser(t.app).get(`/spaces/${publicSpace.slug}/knowledge/ask?q=hotel+pool`);
    assert.ok(inSpace.body.includes(`href="/spaces/${publicSpace.slug}/knowledge/enquiries/new?q=hotel%20pool"`));
  });

  test("the page without a question shows the form; a blank or too long one is a 422 with the error beside the field, like search", async () => {
    const browser = new Browser(t.app);
    const empty = await browser.get("/knowledge/ask");
    assert.equal(empty.statusCode, 200);
    assert.match(empty.body, /<textarea id="ask-q" name="q"/);
    const blank = await browser.get("/knowledge/ask?q=+++");
    assert.equal(blank.statusCode, 422);
    assert.match(blank.body, /Type a question\./);
    const long = await new Browser(t.app, "ru").get(`/knowledge/ask?q=${"a".repeat(2001)}`);
    assert.equal(long.statusCode, 422);
    assert.match(long.body, /Вопрос длиннее 2000 символов/);
    assert.match(long.body, /id="ask-q-error"/);
    const search = await browser.get(`/search?q=${"a".repeat(2001)}`);
    assert.equal(search.statusCode, 422);
  });

  test("a private space's ask page and API are 404 to outsiders and open to its members", async () => {
    assert.equal((await new Browser(t.app).get(`/spaces/${privateSpace.slug}/knowledge/ask?q=quorum`)).statusCode, 404);
    assert.equal((await t.app.inject({ url: `/api/v1/spaces/${privateSpace.slug}/answers?q=quorum` })).statusCode, 404);
    const page = await (await new Browser(t.app).logIn(member.email, member.password)).get(`/spaces/${privateSpace.slug}/knowledge/ask?q=zanzibarian+quorum`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /secret-doc#zanzibarian-quorum-rules/);
    const { secret } = await createApiToken(t.services.db, { userId: member.id, name: "test", scopes: ["private:read"] });
    const api = await t.app.inject({ url: `/api/v1/spaces/${privateSpace.slug}/answers?q=zanzibarian+quorum`, headers: { authorization: `Bearer ${secret}` } });
    assert.equal(api.statusCode, 200);
    assert.equal(api.json().results[0].document, "secret-doc");
  });

  test("a space whose knowledge hub is off has no ask page and no answers API (404)", async () => {
    const off = await buildSpace(t.services, { enabledModules: ["commitments"] });
    assert.equal((await new Browser(t.app).get(`/spaces/${off.slug}/knowledge/ask?q=quorum`)).statusCode, 404);
    assert.equal((await t.app.inject({ url: `/api/v1/spaces/${off.slug}/answers?q=quorum` })).statusCode, 404);
  });

  test("the API answers in the documented shape with absolute links", async () => {
    const response = await t.app.inject({ url: `/api/v1/answers?q=${encodeURIComponent("mercury thermometers")}&lang=en` });
    assert.equal(response.statusCode, 200);
    const body = response.json();
    assert.equal(body.answered, true);
    assert.ok(body.results.length >= 1 && body.results.length <= 3);
    const first = body.results[0];
    for (const key of ["document", "title", "heading", "passage", "url", "score"]) assert.ok(key in first, key);
    assert.equal(first.document, "mercury-products");
    assert.equal(first.url, "http://convene.test/knowledge/guidance/mercury-products#products-that-may-no-longer-be-made");
    assert.equal(typeof first.score, "number");
    const declined = await t.app.inject({ url: "/api/v1/answers?q=swimming+pool+hotel" });
    assert.deepEqual(declined.json(), { answered: false, results: [] });
  });

  test("the API refuses an empty or too long question and an unknown language with a translated 422", async () => {
    const empty = await t.app.inject({ url: "/api/v1/answers?q=", headers: { "accept-language": "ru" } });
    assert.equal(empty.statusCode, 422);
    assert.ok(empty.json().error.fields.q);
    const missing = await t.app.inject({ url: "/api/v1/answers" });
    assert.equal(missing.statusCode, 422);
    const long = await t.app.inject({ url: `/api/v1/answers?q=${"b".repeat(2001)}` });
    assert.equal(long.statusCode, 422);
    const language = await t.app.inject({ url: "/api/v1/answers?q=mercury&lang=xx" });
    assert.equal(language.statusCode, 422);
    assert.ok(language.json().error.fields.lang);
    assert.equal((await t.app.inject({ url: "/api/v1/spaces/no-such-space/answers?q=mercury" })).statusCode, 404);
  });

  test("the OpenAPI document lists both answers endpoints", async () => {
    const spec = (await t.app.inject({ url: "/api/openapi.json" })).json();
    assert.ok(spec.paths["/api/v1/answers"]);
    assert.ok(spec.paths["/api/v1/spaces/{slug}/answers"]);
  });

  test("each section's terms carry their impact, more in a heading, and follow the document's text (kept by trigger)", async () => {
    await saveGuidance(t, { slug: "echidnal-doc", title: "Echidnal rules", bodyMd: ECHIDNAL });
    const impacts = async () =>
      queryRows<{ heading: string; impact: number }>(t.services.db, sql`select s.heading, p.impact from knowledge_section_terms p join knowledge_sections s on s.id = p.section_id join knowledge_documents d on d.id = s.document_id where d.slug = 'echidnal-doc' and p.term = ${contentStems("echidnal")[0]} order by s.position`);
    const before = await impacts();
    assert.equal(before.length, 3, "intro, and both sections (the title counts as every section's heading)");
    for (const row of before) assert.ok(row.impact > 0.7 && row.impact <= 1.7, `${row.heading}: ${row.impact}`);
    assert.equal((await answerQuestion(t.services, "echidnal box", { spaceId: null, viewer: null, locale: "en" })).results[0]?.document, "echidnal-doc");
    // Unpublished without a change of text: the sections stay, and so do their terms, but no longer answer.
    await saveGuidance(t, { slug: "echidnal-doc", title: "Echidnal rules", status: "draft", bodyMd: ECHIDNAL });
    const [published] = await queryRows<{ count: number }>(t.services.db, sql`select count(*)::int as count from knowledge_section_terms p join knowledge_sections s on s.id = p.section_id join knowledge_documents d on d.id = s.document_id where d.slug = 'echidnal-doc' and p.is_published`);
    assert.equal(Number(published?.count), 0);
    assert.equal((await answerQuestion(t.services, "echidnal box", { spaceId: null, viewer: null, locale: "en" })).answered, false);
    await saveGuidance(t, { slug: "echidnal-doc", title: "Storage rules", bodyMd: "Intro.\n\n## Storage\n\nStorage is cold.\n" });
    assert.deepEqual(await impacts(), [], "a new version's sections replace the old ones' terms");
    const [concept] = await queryRows<{ count: number }>(t.services.db, sql`select count(*)::int as count from knowledge_section_terms where term like '~%'`);
    assert.ok(Number(concept?.count) > 0, "glossary concepts are indexed too");
  });

  test("the candidates of a word many sections use are bounded, and the sections where it weighs most are among them", async () => {
    const parts = Array.from({ length: POSTINGS_PER_TERM + 20 }, (_, index) => `## Part ${index + 1}\n\nThe platypodean item ${index + 1} is listed with the others in a long list of things.`);
    await saveGuidance(t, { slug: "platypodean-list", title: "Lists", bodyMd: ["Intro.", ...parts, "## Platypodean register\n\nThe platypodean register: platypodean entries."].join("\n\n") });
    const ranked = await rankSections(t.services, "platypodean", { spaceId: null, viewer: null, locale: "en" });
    assert.ok(ranked.length > 0 && ranked.length <= POSTINGS_PER_TERM, `${ranked.length} candidates`);
    assert.equal(ranked[0]!.row.heading, "Platypodean register");
  });

  test("the term statistics follow the sections (kept by trigger)", async () => {
    // The intro (its heading is the title) and the one section both name it.
    const [row] = await queryRows<{ sections: number }>(t.services.db, sql`select sections from knowledge_term_stats where term = 'zanzibarian'`);
    assert.equal(Number(row?.sections), 2);
    await t.services.db.execute(sql`delete from knowledge_documents where slug = 'secret-doc'`);
    const [gone] = await queryRows<{ sections: number }>(t.services.db, sql`select sections from knowledge_term_stats where term = 'zanzibarian'`);
    assert.equal(Number(gone?.sections), 0);
  });
});

describe("answers with the optional summary provider", () => {
  let fake: Server;
  let mode: "ok" | "error" | "slow" = "ok";
  let received: { model?: string; messages?: { content: string }[] } = {};

  before(async () => {
    fake = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString()));
      request.on("end", () => {
        received = JSON.parse(body) as typeof received;
        if (mode === "error") {
          response.writeHead(500).end("boom");
        } else if (mode === "slow") {
          setTimeout(() => response.writeHead(200, { "content-type": "application/json" }).end("{}"), 1500);
        } else {
          response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ choices: [{ message: { content: `Thermometers are banned [1]. ${XSS}` } }] }));
        }
      });
    });
    await new Promise<void>((done) => fake.listen(0, "127.0.0.1", done));
  });
  after(() => new Promise<void>((done) => fake.close(() => done())));

  test("shows the provider's summary above the unchanged passages, and nothing of it on an error or a timeout", async () => {
    const url = `http://127.0.0.1:${(fake.address() as AddressInfo).port}/v1/chat/completions`;
    const t = await createTestApp({ env: { ANSWERS_PROVIDER_URL: url, ANSWERS_PROVIDER_MODEL: "fake-model", ANSWERS_PROVIDER_TIMEOUT_MS: "300" } });
    try {
      await saveGuidance(t, { slug: "mercury-products", title: "Mercury-added products", bodyMd: MERCURY_EN });
      const browser = new Browser(t.app);
      const page = await browser.get("/knowledge/ask?q=mercury+products+no+longer+manufactured");
      assert.match(page.body, /In short/);
      assert.match(page.body, /Thermometers are banned \[1\]\./);
      assert.ok(!page.body.includes(XSS), "the summary is escaped");
      assert.equal(received.model, "fake-model");
      assert.match(received.messages![1]!.content, /Products that may no longer be made/, "the provider is given the cited passages");
      assert.match(page.body, /<mark>mercury<\/mark>/, "the passages are shown as they are");
      for (const failing of ["error", "slow"] as const) {
        mode = failing;
        const fallback = await browser.get("/knowledge/ask?q=mercury+products+no+longer+manufactured");
        assert.equal(fallback.statusCode, 200, failing);
        assert.doesNotMatch(fallback.body, /In short/, failing);
        assert.match(fallback.body, /products-that-may-no-longer-be-made/, failing);
      }
    } finally {
      mode = "ok";
      await t.close();
    }
  });
});
