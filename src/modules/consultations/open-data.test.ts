import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { createApiToken, type ApiScope } from "../../platform/api/tokens";
import { DAY_MS } from "../../platform/clock";
import { buildUser, XSS, type BuiltUser } from "../../testing/factories";
import { entryUrl, parseAtom } from "../../testing/feeds";
import { createTestApp, type TestApp } from "../../testing/harness";
import { buildOrganisation } from "../organisations/factories";
import { addSpaceRole, buildSpace, type BuiltSpace } from "../spaces/factories";
import { buildBreakouts, buildConsultation, buildContribution, type BuiltConsultation } from "./factories";
import { suppressSmallCells } from "./queries-stats";
import { consultationContributions, type Constituency } from "./schema";

describe("consultations open data: API, Atom feed, participation statistics", () => {
  let t: TestApp;
  let space: BuiltSpace;
  let open: BuiltConsultation;
  let membersOnly: BuiltConsultation;
  let draft: BuiltConsultation;
  let hiddenSpaceConsultation: BuiltConsultation;
  let participant: BuiltUser;
  let organisationId: string;
  const published: number[] = [];
  let heldNumber = 0;
  let breakoutNumber = 0;

  const get = (url: string, token?: string) => t.app.inject({ method: "GET", url, headers: token ? { authorization: `Bearer ${token}` } : {} });
  const post = (url: string, payload: unknown, token: string | null) =>
    t.app.inject({ method: "POST", url, payload: payload as Record<string, unknown>, headers: token ? { authorization: `Bearer ${token}` } : {} });
  const token = async (user: { id: string }, scopes: ApiScope[]) => (await createApiToken(t.services.db, { userId: user.id, name: "test", scopes })).secret;
  const api = (consultation: BuiltConsultation, suffix = "") => `/api/v1/spaces/${consultation.spaceSlug}/consultations/${consultation.slug}${suffix}`;

  before(async () => {
    t = await createTestApp();
    space = await buildSpace(t.services, { slug: "open-consult", enabledModules: ["consultations"] });
    const now = t.clock.now();
    t.clock.advance(-3 * DAY_MS);
    draft = await buildConsultation(t.services, { spaceId: space.id, spaceSlug: space.slug, slug: "draft-one", status: "draft" });
    t.clock.advance(DAY_MS);
    membersOnly = await buildConsultation(t.services, { spaceId: space.id, spaceSlug: space.slug, slug: "members-one", visibility: "members" });
    t.clock.advance(DAY_MS);
    const older = await buildConsultation(t.services, { spaceId: space.id, spaceSlug: space.slug, slug: "older-one" });
    assert.ok(older);
    t.clock.set(now);
    open = await buildConsultation(t.services, {
      spaceId: space.id,
      spaceSlug: space.slug,
      slug: "open-one",
      groups: [
        { topics: [{ questions: 3 }, { closesAt: new Date(now.getTime() - DAY_MS) }] },
        { kind: "session", closesAt: new Date(now.getTime() + DAY_MS), topics: [{}] },
      ],
    });
    const privateSpace = await buildSpace(t.services, { visibility: "private", enabledModules: ["consultations"] });
    hiddenSpaceConsultation = await buildConsultation(t.services, { spaceId: privateSpace.id, spaceSlug: privateSpace.slug });

    participant = await buildUser(t.services, { displayName: `${XSS} Aigerim` });
    const organisation = await buildOrganisation(t.services, { ownerId: participant.id, actorType: "ngo", country: "KZ" });
    organisationId = organisation.id;
    const topic = { consultationId: open.id, topicId: open.groups[0]!.topics[0]!.id };
    for (let index = 0; index < 5; index += 1) {
      t.clock.advance(60_000);
      const built = await buildContribution(t.services, topic, {
        authorId: participant.id,
        organisationId: index === 0 ? organisationId : undefined,
        body: index === 0 ? `${XSS} **Bold** & <b>raw</b> "quoted"` : `Contribution ${index}`,
        questionId: index === 1 ? open.groups[0]!.topics[0]!.questionIds[1] : undefined,
      });
      published.push(built.number);
    }
    const root = published[0]!;
    const [rootRow] = await t.services.db.select().from(consultationContributions).where(eq(consultationContributions.number, root));
    t.clock.advance(60_000);
    published.push((await buildContribution(t.services, topic, { parentId: rootRow!.id, body: "A reply" })).number);
    heldNumber = (await buildContribution(t.services, topic, { status: "held", body: "Held text" })).number;
    await buildContribution(t.services, topic, { status: "hidden", body: "Hidden text" });
    const [breakoutId] = await buildBreakouts(t.services, open.groups[1]!.id, [[participant.id]]);
    breakoutNumber = (await buildContribution(t.services, { consultationId: open.id, topicId: open.groups[1]!.topics[0]!.id }, { breakoutId, body: "Inside a breakout" })).number;
  });
  after(() => t.close());

  test("lists the space's public published consultations, newest first, with cursor pagination", async () => {
    const first = await get(`/api/v1/spaces/${space.slug}/consultations?limit=1`);
    assert.equal(first.statusCode, 200);
    const page1 = first.json() as { data: { slug: string; url: string; state: string }[]; next_cursor: string | null };
    assert.deepEqual(page1.data.map((item) => item.slug), ["open-one"]);
    assert.equal(page1.data[0]!.url, "http://convene.test/spaces/open-consult/consultations/open-one");
    assert.ok(page1.next_cursor);
    const page2 = (await get(`/api/v1/spaces/${space.slug}/consultations?limit=1&cursor=${page1.next_cursor}`)).json() as typeof page1;
    assert.deepEqual(page2.data.map((item) => item.slug), ["older-one"]);
    assert.equal(page2.next_cursor, null, "drafts and members-only consultations are not listed");
    assert.equal((await get(`/api/v1/spaces/${space.slug}/consultations?cursor=not-a-cursor`)).statusCode, 400);
    assert.equal((await get(`/api/v1/spaces/${space.slug}/consultations?limit=500`)).statusCode, 422);
    assert.equal((await get(`/api/v1/spaces/${hiddenSpaceConsultation.spaceSlug}/consultations`)).statusCode, 404);
  });

  test("a consultation comes with its groups, topics, questions and states; hidden ones are 404s", async () => {
    const response = await get(api(open));
    assert.equal(response.statusCode, 200);
    const body = response.json() as {
      state: string;
      groups: { number: number; kind: string; state: string; topics: { number: number; state: string; questions: { number: number; text: Record<string, string> }[]; feed_url: string }[] }[];
    };
    assert.equal(body.state, "open");
    assert.deepEqual(body.groups.map((group) => [group.number, group.kind, group.state]), [[1, "discussion", "open"], [2, "session", "open"]]);
    assert.deepEqual(body.groups[0]!.topics.map((topic) => [topic.number, topic.state, topic.questions.length]), [[1, "open", 3], [2, "closed", 2]]);
    assert.equal(body.groups[0]!.topics[0]!.questions[0]!.text.en, `${XSS} Question 1?`, "JSON carries text as written; escaping is the reader's job");
    assert.equal(body.groups[0]!.topics[0]!.feed_url, "http://convene.test/spaces/open-consult/consultations/open-one/topics/1/feed.atom");
    const member = await buildUser(t.services);
    await addSpaceRole(t.services, space.id, member.id, "coordinator");
    const memberToken = await token(member, ["contributions:write"]);
    for (const url of [api(membersOnly), api(draft), api(hiddenSpaceConsultation), `/api/v1/spaces/${space.slug}/consultations/nope`, `/api/v1/spaces/${space.slug}/consultations/BAD!`]) {
      const hidden = await get(url, memberToken);
      assert.equal(hidden.statusCode, 404, url);
      assert.equal((hidden.json() as { error: { code: string } }).error.code, "not_found");
    }
  });

  test("a topic's published contributions page by page, oldest first, as Markdown and safe HTML; held, hidden and running breakouts' stay out", async () => {
    type Page = { data: { number: number; body: string; body_html: string; parent_number: number | null; question_number: number | null; organisation: { actor_type: string; country: string } | null; author: { name: string } | null }[]; next_cursor: string | null };
    const seen: Page["data"] = [];
    let cursor: string | null = "";
    let pages = 0;
    while (cursor !== null) {
      const response = await get(`${api(open, "/topics/1/contributions")}?limit=4${cursor ? `&cursor=${cursor}` : ""}`);
      assert.equal(response.statusCode, 200, response.body);
      const page = response.json() as Page;
      seen.push(...page.data);
      cursor = page.next_cursor;
      pages += 1;
    }
    assert.equal(pages, 2);
    assert.deepEqual(seen.map((item) => item.number), published);
    assert.ok(!seen.some((item) => item.number === heldNumber));
    const first = seen[0]!;
    assert.equal(first.body, `${XSS} **Bold** & <b>raw</b> "quoted"`);
    assert.doesNotMatch(first.body_html, /<script>|<b>raw/);
    assert.match(first.body_html, /<strong>Bold<\/strong>/);
    assert.deepEqual(first.organisation && { actor_type: first.organisation.actor_type, country: first.organisation.country }, { actor_type: "ngo", country: "KZ" });
    assert.equal(first.author?.name, `${XSS} Aigerim`);
    assert.equal(seen[1]!.question_number, 2);
    assert.equal(seen[seen.length - 1]!.parent_number, first.number);
    assert.ok(!("constituency" in first), "constituency is aggregate-only");

    const session = (await get(api(open, "/topics/3/contributions"))).json() as Page;
    assert.equal(session.data.length, 0, "a running session's breakouts are not public yet");
    t.clock.advance(2 * DAY_MS);
    const closed = (await get(api(open, "/topics/3/contributions"))).json() as Page;
    assert.deepEqual(closed.data.map((item) => item.number), [breakoutNumber], "once the session closed, like the plenary");
    t.clock.advance(-2 * DAY_MS);

    assert.equal((await get(api(open, "/topics/99/contributions"))).statusCode, 404);
    assert.equal((await get(api(membersOnly, "/topics/1/contributions"))).statusCode, 404);
    assert.equal((await get(`${api(open, "/topics/1/contributions")}?cursor=${Buffer.from('["x"]').toString("base64url")}`)).statusCode, 400);
  });

  test("posting needs a token with contributions:write: 401 without, 403 with another scope, 201 with it", async () => {
    const writer = await buildUser(t.services);
    const url = api(open, "/topics/1/contributions");
    const payload = { body: "Posted through the API", question_number: 3 };
    const none = await post(url, payload, null);
    assert.equal(none.statusCode, 401);
    const wrong = await post(url, payload, await token(writer, ["account:read"]));
    assert.equal(wrong.statusCode, 403);
    assert.equal((wrong.json() as { error: { code: string } }).error.code, "forbidden");

    const right = await token(writer, ["contributions:write"]);
    const created = await post(url, payload, right);
    assert.equal(created.statusCode, 201, created.body);
    const written = created.json() as { number: number; status: string; url: string };
    assert.equal(written.status, "published");
    assert.match(written.url, new RegExp(`/contributions/${written.number}$`));
    const [row] = await t.services.db.select().from(consultationContributions).where(eq(consultationContributions.number, written.number));
    assert.equal(row?.authorId, writer.id);
    assert.equal(row?.body, "Posted through the API");
    assert.equal(row?.questionId, open.groups[0]!.topics[0]!.questionIds[2]);

    const reply = await post(url, { body: "A reply via the API", parent_number: written.number }, right);
    assert.equal(reply.statusCode, 201, reply.body);
    const [replyRow] = await t.services.db.select().from(consultationContributions).where(eq(consultationContributions.number, (reply.json() as { number: number }).number));
    assert.equal(replyRow?.parentId, row?.id);

    assert.equal((await post(url, { body: "" }, right)).statusCode, 422);
    assert.equal((await post(url, { body: "x", parent_number: 999999 }, right)).statusCode, 422);
    assert.equal((await post(url, { body: "x", question_number: 9 }, right)).statusCode, 422);
    assert.equal((await post(url, { nonsense: true }, right)).statusCode, 422);
    assert.equal((await post(api(open, "/topics/2/contributions"), { body: "Too late" }, right)).statusCode, 409, "a closed topic");
    assert.equal((await post(api(membersOnly, "/topics/1/contributions"), { body: "Not mine" }, right)).statusCode, 404);
  });

  test("the Atom feed is well-formed, newest first, escaped, and only for open consultations", async () => {
    const response = await get(`/spaces/${space.slug}/consultations/${open.slug}/topics/1/feed.atom`);
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers["content-type"]), /^application\/atom\+xml/);
    const xml = response.body;
    assert.match(xml, /<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom" xml:lang="en">/);
    const feed = parseAtom(xml);
    assert.equal(feed.id, "http://convene.test/spaces/open-consult/consultations/open-one/topics/1");
    assert.match(feed.title, /^<script>alert\(1\)<\/script> Topic 1 · /);
    assert.doesNotMatch(xml, /<script>/);
    assert.doesNotMatch(xml, /Held text|Hidden text/);
    const numbers = feed.entries.map((entry) => Number(/\/contributions\/(\d+)$/.exec(entry.id)?.[1]));
    assert.deepEqual(numbers, [...numbers].sort((a, b) => b - a), "newest first");
    assert.ok(numbers.includes(published[0]!));
    const firstEntry = feed.entries.find((entry) => entry.id.endsWith(`/contributions/${published[0]}`))!;
    assert.equal(entryUrl(firstEntry), firstEntry.id);
    assert.ok(firstEntry.published && firstEntry.updated && firstEntry.title);
    const content = firstEntry.content ?? "";
    assert.match(content, /<strong>Bold<\/strong>/, "content is the rendered HTML, escaped once");
    assert.doesNotMatch(content, /<script>|<b>raw/);
    assert.match(firstEntry.authors[0]!.name, /Green Steppe Association/, "posted on behalf of the organisation");

    const russian = await get(`/spaces/${space.slug}/consultations/${open.slug}/topics/1/feed.atom?lang=ru`);
    assert.match(parseAtom(russian.body).entries[0]!.title, /Выступление №/);
    for (const url of [
      `/spaces/${space.slug}/consultations/${membersOnly.slug}/topics/1/feed.atom`,
      `/spaces/${space.slug}/consultations/${draft.slug}/topics/1/feed.atom`,
      `/spaces/${hiddenSpaceConsultation.spaceSlug}/consultations/${hiddenSpaceConsultation.slug}/topics/1/feed.atom`,
      `/spaces/${space.slug}/consultations/${open.slug}/topics/77/feed.atom`,
    ]) assert.equal((await get(url)).statusCode, 404, url);
  });

  test("suppression hides cells under 3 participants, and a second cell when only one would be hidden", () => {
    const cell = (key: string, participants: number) => ({ key, contributions: participants * 2, participants, isSuppressed: false });
    assert.deepEqual(
      suppressSmallCells([cell("youth", 5), cell("women", 1), cell("farmers", 3)]).map((value) => [value.key, value.participants]),
      [["youth", 5], ["women", null], ["farmers", null]],
    );
    assert.deepEqual(
      suppressSmallCells([cell("youth", 5), cell("women", 1), cell("farmers", 2)]).map((value) => value.isSuppressed),
      [false, true, true],
    );
    assert.deepEqual(suppressSmallCells([cell("youth", 4)]).map((value) => value.isSuppressed), [false]);
  });

  test("participation statistics per group, topic, actor type, country, constituency (suppressed) and language, as a page and JSON", async () => {
    const consultation = await buildConsultation(t.services, { spaceId: space.id, spaceSlug: space.slug, slug: "stats-one", groups: [{ topics: [{}, {}] }, { topics: [{}] }] });
    const [topic1, topic2] = consultation.groups[0]!.topics;
    const topic3 = consultation.groups[1]!.topics[0]!;
    const kz = await buildOrganisation(t.services, { actorType: "ngo", country: "KZ" });
    const ke = await buildOrganisation(t.services, { actorType: "academia", country: "KE" });
    const post = async (topicId: string, constituency: Constituency | null, options: { authorId?: string; organisationId?: string; language?: string; status?: "published" | "held" } = {}) => {
      const built = await buildContribution(t.services, { consultationId: consultation.id, topicId }, options);
      if (constituency) await t.services.db.update(consultationContributions).set({ constituency }).where(eq(consultationContributions.id, built.id));
      return built;
    };
    const youth = [await buildUser(t.services), await buildUser(t.services), await buildUser(t.services)];
    for (const person of youth) await post(topic1!.id, "youth", { authorId: person.id, organisationId: kz.id });
    await post(topic1!.id, "youth", { authorId: youth[0]!.id, organisationId: kz.id, language: "ru" });
    const woman = await buildUser(t.services);
    await post(topic2!.id, "women", { authorId: woman.id, organisationId: ke.id });
    const farmers = [await buildUser(t.services), await buildUser(t.services), await buildUser(t.services), await buildUser(t.services)];
    for (const person of farmers) await post(topic3.id, "farmers", { authorId: person.id });
    await post(topic3.id, null, { authorId: farmers[0]!.id, language: "ru" });
    await post(topic3.id, "women", { authorId: woman.id, status: "held" });

    const response = await get(api(consultation, "/stats"));
    assert.equal(response.statusCode, 200, response.body);
    type Cell = { key: string; contributions: number | null; participants: number | null; suppressed: boolean };
    const stats = response.json() as { totals: { contributions: number; participants: number }; groups: (Cell & { number: number })[]; topics: (Cell & { number: number })[]; actor_types: Cell[]; countries: Cell[]; constituencies: Cell[]; languages: Cell[]; suppression_threshold: number };
    assert.deepEqual(stats.totals, { contributions: 10, participants: 8 }, "held contributions do not count");
    assert.deepEqual(stats.groups.map((group) => [group.number, group.contributions, group.participants]), [[1, 5, 4], [2, 5, 4]]);
    assert.deepEqual(stats.topics.map((topic) => [topic.number, topic.contributions, topic.participants]), [[1, 4, 3], [2, 1, 1], [3, 5, 4]]);
    const byKey = (cells: Cell[]) => Object.fromEntries(cells.map((value) => [value.key, [value.contributions, value.participants]]));
    assert.deepEqual(byKey(stats.actor_types), { ngo: [4, 3], academia: [1, 1], "": [5, 4] });
    assert.deepEqual(byKey(stats.countries), { KZ: [4, 3], KE: [1, 1], "": [5, 4] });
    assert.deepEqual(byKey(stats.languages), { en: [8, 8], ru: [2, 2] });
    // women (1 person) is under the threshold; "not stated" (1 person) too, so no second cell is needed.
    assert.deepEqual(byKey(stats.constituencies), { farmers: [4, 4], youth: [4, 3], women: [null, null], "": [null, null] });
    assert.equal(stats.suppression_threshold, 3);

    const page = await get(`/spaces/${space.slug}/consultations/${consultation.slug}/stats`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Participation statistics/);
    assert.match(page.body, /fewer than 3/);
    assert.match(page.body, /Kazakhstan/);
    assert.doesNotMatch(page.body, /<script>alert/);
    const ru = await t.app.inject({ method: "GET", url: `/spaces/${space.slug}/consultations/${consultation.slug}/stats?lang=ru` });
    assert.match(ru.body, /Статистика участия/);
    assert.match(ru.body, /меньше 3/);

    for (const hidden of [membersOnly, draft, hiddenSpaceConsultation]) {
      assert.equal((await get(`/spaces/${hidden.spaceSlug}/consultations/${hidden.slug}/stats`)).statusCode, 404);
      assert.equal((await get(api(hidden, "/stats"))).statusCode, 404);
    }
  });
});
