import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { DAY_MS } from "../../platform/clock";
import { buildUser, type BuiltUser } from "../../testing/factories";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import { buildBreakouts, buildConsultation, buildConsultationSpace, buildContribution, type BuiltConsultation, type ConsultationCast } from "./factories";
import { consultationFindingItems, consultationFindings, consultationTags } from "./schema";

// One rule for every output of a consultation (report, Markdown, CSV, findings, API, Atom), whoever reads it:
// only published contributions leave the moderation queue.
describe("consultation outputs: what each reader finds in every export", () => {
  let t: TestApp;
  let spaceId = "";
  let spaceSlug = "";
  let people: ConsultationCast;
  const as = async (user: BuiltUser | null) => (user ? new Browser(t.app).logIn(user.email, user.password) : new Browser(t.app));
  const url = (built: BuiltConsultation, path: string) => `/spaces/${built.spaceSlug}/consultations/${built.slug}${path}`;
  const topicOf = (built: BuiltConsultation, group = 0) => ({ consultationId: built.id, topicId: built.groups[group]!.topics[0]!.id });

  before(async () => {
    t = await createTestApp();
    ({ id: spaceId, slug: spaceSlug, people } = await buildConsultationSpace(t.services));
  });
  after(() => t.close());

  /** Every output a reader may fetch, with its body (the findings page for facilitators only). */
  async function outputsFor(user: BuiltUser | null, built: BuiltConsultation): Promise<Record<string, string>> {
    const browser = await as(user);
    const paths = ["/report", "/report.md", "/contributions.csv", "/topics/1/feed.atom", "/topics/2/feed.atom"];
    if (user && user !== people.participant) paths.push("/findings");
    const result: Record<string, string> = {};
    for (const path of paths) {
      const response = await browser.get(url(built, path));
      assert.equal(response.statusCode, 200, `${path}: ${response.body.slice(0, 200)}`);
      result[path] = response.body;
    }
    for (const topic of [1, 2]) {
      const response = await t.app.inject({ method: "GET", url: `/api/v1${url(built, `/topics/${topic}/contributions`)}` });
      assert.equal(response.statusCode, 200);
      result[`api topic ${topic}`] = response.body;
    }
    return result;
  }

  test("held, hidden and deleted contributions appear in no export, for any reader, facilitators and coordinators included", async () => {
    const opensAt = new Date(t.clock.now().getTime() - 10 * DAY_MS);
    const closesAt = new Date(t.clock.now().getTime() - DAY_MS);
    const built = await buildConsultation(t.services, {
      spaceId,
      spaceSlug,
      opensAt,
      closesAt,
      groups: [{ topics: [{ questions: 1 }], facilitatorIds: [people.groupFacilitator.id] }, { topics: [{ questions: 1 }] }],
    });
    const shown = await buildContribution(t.services, topicOf(built, 0), { body: "PUBLISHEDTEXT one-stop shops" });
    const shownTwo = await buildContribution(t.services, topicOf(built, 1), { body: "PUBLISHEDTEXT shops again" });
    const withheld = [
      await buildContribution(t.services, topicOf(built, 0), { body: "HELDTEXT one-stop shops", status: "held" }),
      await buildContribution(t.services, topicOf(built, 1), { body: "HIDDENTEXT one-stop shops", status: "hidden" }),
      await buildContribution(t.services, topicOf(built, 0), { body: "DELETEDTEXT one-stop shops", status: "deleted" }),
    ];
    // tagged and part of an accepted finding, so every path that quotes contributions is exercised
    for (const contribution of [shown, ...withheld]) {
      await t.services.db.insert(consultationTags).values({ contributionId: contribution.id, tag: "recommendation", note: "", taggedBy: people.coordinator.id });
    }
    const [finding] = await t.services.db
      .insert(consultationFindings)
      .values({ consultationId: built.id, title: "Shops recur", summary: "", status: "accepted", signature: "s", score: 0.5 })
      .returning();
    await t.services.db.insert(consultationFindingItems).values([shown, shownTwo, ...withheld].map((item) => ({ findingId: finding!.id, contributionId: item.id })));

    for (const [name, user] of [["anonymous", null], ...Object.entries(people)] as [string, BuiltUser | null][]) {
      const outputs = await outputsFor(user, built);
      for (const [path, body] of Object.entries(outputs)) {
        assert.ok(body.includes("PUBLISHEDTEXT"), `${name} ${path} carries published contributions`);
        for (const marker of ["HELDTEXT", "HIDDENTEXT", "DELETEDTEXT"]) assert.ok(!body.includes(marker), `${name} ${path} leaves out ${marker}`);
      }
      const csvHeader = outputs["/contributions.csv"]!.replace(/^\uFEFF/, "").split("\r\n")[0];
      assert.equal(csvHeader, "number,group,topic,question,breakout,in_reply_to,author,actor_type,language,created_at,tags,body", `${name}: the same columns for everyone`);
    }
  });

  test("breakout isolation is one rule on every page and output: facilitators read open breakouts everywhere, participants their own until the session closes", async () => {
    const closesAt = new Date(t.clock.now().getTime() + 2 * DAY_MS);
    const built = await buildConsultation(t.services, {
      spaceId,
      spaceSlug,
      opensAt: new Date(t.clock.now().getTime() - DAY_MS),
      closesAt,
      groups: [{ topics: [{ questions: 1 }], facilitatorIds: [people.groupFacilitator.id] }, { kind: "session", topics: [{ questions: 1 }] }],
    });
    const other = await buildUser(t.services);
    const [own, others] = await buildBreakouts(t.services, built.groups[1]!.id, [[people.participant.id], [other.id]]);
    const session = topicOf(built, 1);
    const posts = [
      await buildContribution(t.services, session, { body: "OUTSIDETEXT shared desk", authorId: people.coordinator.id }),
      await buildContribution(t.services, session, { body: "OWNBREAKOUT shared desk", breakoutId: own!, authorId: people.participant.id }),
      await buildContribution(t.services, session, { body: "OTHERBREAKOUT shared desk", breakoutId: others!, authorId: other.id }),
    ];
    for (const post of posts) await t.services.db.insert(consultationTags).values({ contributionId: post.id, tag: "recommendation", note: "", taggedBy: people.coordinator.id });
    const [finding] = await t.services.db.insert(consultationFindings).values({ consultationId: built.id, title: "Desk recurs", summary: "", status: "accepted", signature: "b", score: 0.5 }).returning();
    await t.services.db.insert(consultationFindingItems).values(posts.map((post) => ({ findingId: finding!.id, contributionId: post.id })));
    const sees = (body: string) => ["OUTSIDETEXT", "OWNBREAKOUT", "OTHERBREAKOUT"].filter((marker) => body.includes(marker));

    // session facilitators (space facilitators, coordinators): every breakout, on the page and in every output of theirs
    for (const user of [people.spaceFacilitator, people.coordinator]) {
      const browser = await as(user);
      for (const path of ["/topics/2", "/report", "/report.md", "/contributions.csv", "/findings", `/contributions/${posts[2]!.number}`]) {
        const response = await browser.get(url(built, path));
        assert.equal(response.statusCode, 200, path);
        assert.ok(response.body.includes("OTHERBREAKOUT"), `a session facilitator reads every open breakout on ${path}`);
        if (path !== `/contributions/${posts[2]!.number}`) assert.deepEqual(sees(response.body), ["OUTSIDETEXT", "OWNBREAKOUT", "OTHERBREAKOUT"], path);
      }
    }
    // a named facilitator of another group is a participant of this session: the same rule on the page and in the report
    const groupFacilitator = await as(people.groupFacilitator);
    for (const path of ["/topics/2", "/report", "/report.md", "/contributions.csv", "/findings"]) {
      const response = await groupFacilitator.get(url(built, path));
      assert.equal(response.statusCode, 200, path);
      assert.deepEqual(sees(response.body), ["OUTSIDETEXT"], `the topic page and ${path} agree for a facilitator of another group`);
    }
    // a seated participant: their own breakout while it runs; the report waits for the close
    const participant = await as(people.participant);
    assert.deepEqual(sees((await participant.get(url(built, "/topics/2"))).body), ["OUTSIDETEXT", "OWNBREAKOUT"]);
    assert.equal((await participant.get(url(built, `/contributions/${posts[2]!.number}`))).statusCode, 404);
    assert.equal((await participant.get(url(built, "/report"))).statusCode, 403);
    // open data is read as anyone reads it, whoever asks: a running session's breakouts stay inside
    const openData = async () => {
      const api = await t.app.inject({ method: "GET", url: `/api/v1${url(built, "/topics/2/contributions")}` });
      const feed = await (await as(people.coordinator)).get(url(built, "/topics/2/feed.atom"));
      return [sees(api.body), sees(feed.body)];
    };
    assert.deepEqual(await openData(), [["OUTSIDETEXT"], ["OUTSIDETEXT"]]);

    t.clock.advance(3 * DAY_MS);
    for (const path of ["/topics/2", "/report", "/report.md", "/contributions.csv"]) {
      assert.deepEqual(sees((await participant.get(url(built, path))).body), ["OUTSIDETEXT", "OWNBREAKOUT", "OTHERBREAKOUT"], `once closed, ${path} shows every breakout`);
    }
    assert.deepEqual(sees((await groupFacilitator.get(url(built, "/findings"))).body), ["OUTSIDETEXT", "OWNBREAKOUT", "OTHERBREAKOUT"]);
    assert.deepEqual(await openData(), [["OUTSIDETEXT", "OWNBREAKOUT", "OTHERBREAKOUT"], ["OUTSIDETEXT", "OWNBREAKOUT", "OTHERBREAKOUT"]]);
    t.clock.advance(-3 * DAY_MS);
  });
});
