import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { DAY_MS } from "../../platform/clock";
import { buildUser, type BuiltUser } from "../../testing/factories";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import { addSpaceRole, buildSpace } from "../spaces/factories";
import { buildConsultation, buildContribution, type BuiltConsultation } from "./factories";
import { consultationFindingItems, consultationFindings, consultationTags } from "./schema";

// One rule for every output of a consultation (report, Markdown, CSV, findings, API, Atom), whoever reads it:
// only published contributions leave the moderation queue.
describe("consultation outputs: what each reader finds in every export", () => {
  let t: TestApp;
  let spaceId = "";
  let spaceSlug = "";
  const people: Record<"coordinator" | "spaceFacilitator" | "groupFacilitator" | "participant", BuiltUser> = {} as never;
  const as = async (user: BuiltUser | null) => (user ? new Browser(t.app).logIn(user.email, user.password) : new Browser(t.app));
  const url = (built: BuiltConsultation, path: string) => `/spaces/${built.spaceSlug}/consultations/${built.slug}${path}`;
  const topicOf = (built: BuiltConsultation, group = 0) => ({ consultationId: built.id, topicId: built.groups[group]!.topics[0]!.id });

  before(async () => {
    t = await createTestApp();
    const space = await buildSpace(t.services, { enabledModules: ["consultations"] });
    spaceId = space.id;
    spaceSlug = space.slug;
    for (const name of ["coordinator", "spaceFacilitator", "groupFacilitator", "participant"] as const) people[name] = await buildUser(t.services);
    await addSpaceRole(t.services, space.id, people.coordinator.id, "coordinator");
    await addSpaceRole(t.services, space.id, people.spaceFacilitator.id, "facilitator");
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
});
