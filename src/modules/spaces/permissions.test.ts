import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { buildUser } from "../../testing/factories";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import { addSpaceRole, buildSpace } from "./factories";
import type { SpaceRole, SpaceVisibility } from "./schema";

type Persona = "anonymous" | "signed-in" | "member" | "focal point" | "facilitator" | "coordinator" | "platform admin";
const PERSONAS: Persona[] = ["anonymous", "signed-in", "member", "focal point", "facilitator", "coordinator", "platform admin"];
const ROLE_OF: Partial<Record<Persona, SpaceRole>> = { member: "member", "focal point": "focal_point", facilitator: "facilitator", coordinator: "coordinator" };

/** What each persona gets from the management pages: allowed (2xx/3xx), or the status it is refused with. */
function expected(persona: Persona, visibility: SpaceVisibility): "allowed" | 401 | 403 | 404 {
  if (persona === "coordinator" || persona === "platform admin") return "allowed";
  if (visibility === "private" && (persona === "anonymous" || persona === "signed-in")) return 404;
  return persona === "anonymous" ? 401 : 403;
}

describe("who may manage a space: settings, roles and framework import, per role", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());

  async function browserFor(persona: Persona, spaceId: string): Promise<Browser> {
    if (persona === "anonymous") return new Browser(t.app);
    const user = await buildUser(t.services, { isPlatformAdmin: persona === "platform admin" });
    const role = ROLE_OF[persona];
    if (role) await addSpaceRole(t.services, spaceId, user.id, role, role === "focal_point" ? "KZ" : undefined);
    return new Browser(t.app).logIn(user.email, user.password);
  }

  for (const visibility of ["public", "private"] as const) {
    for (const persona of PERSONAS) {
      const outcome = expected(persona, visibility);
      it(`${persona} in a ${visibility} space: ${outcome === "allowed" ? "may manage it" : `gets ${outcome}`}`, async () => {
        const space = await buildSpace(t.services, { visibility });
        const browser = await browserFor(persona, space.id);
        const target = await buildUser(t.services);
        const requests = [
          () => browser.get(`/spaces/${space.slug}/settings`),
          () => browser.post(`/spaces/${space.slug}/settings`, { slug: space.slug, "title.en": "Changed title", visibility }),
          () => browser.get(`/spaces/${space.slug}/members`),
          () => browser.post(`/spaces/${space.slug}/members`, { email: target.email, role: "facilitator" }),
          () => browser.post(`/spaces/${space.slug}/members/remove`, { userId: target.id, role: "facilitator", country: "" }),
          () => browser.get(`/spaces/${space.slug}/frameworks/import`),
          () => browser.post(`/spaces/${space.slug}/frameworks/import`, { step: "preview", key: `K-${space.slug}`, "name.en": "Plan", data: "key,label_en\nA,Alpha\n" }),
          () => browser.post(`/spaces/${space.slug}/archive`, {}),
        ];
        for (const [index, request] of requests.entries()) {
          const response = await request();
          if (outcome === "allowed") assert.ok(response.statusCode < 400, `request ${index} answered ${response.statusCode}`);
          else assert.equal(response.statusCode, outcome, `request ${index}`);
        }
      });
    }
  }

  it("shows management links only to those who may use them", async () => {
    const space = await buildSpace(t.services);
    const facilitator = await browserFor("facilitator", space.id);
    const coordinator = await browserFor("coordinator", space.id);
    const facilitatorPage = (await facilitator.get(`/spaces/${space.slug}`)).body;
    const coordinatorPage = (await coordinator.get(`/spaces/${space.slug}`)).body;
    assert.ok(!facilitatorPage.includes(`/spaces/${space.slug}/settings`));
    assert.ok(coordinatorPage.includes(`/spaces/${space.slug}/settings`));
    assert.ok(coordinatorPage.includes(`/spaces/${space.slug}/members`));
    assert.ok(coordinatorPage.includes(`/spaces/${space.slug}/frameworks/import`));
  });

  it("lets only platform admins create spaces", async () => {
    const space = await buildSpace(t.services);
    const coordinator = await browserFor("coordinator", space.id);
    assert.equal((await coordinator.get("/admin/spaces/new")).statusCode, 403);
    assert.equal((await coordinator.post("/admin/spaces/new", { slug: "not-allowed", "title.en": "No", visibility: "public" })).statusCode, 403);
    assert.equal((await new Browser(t.app).get("/admin/spaces/new")).statusCode, 401);
    assert.equal((await coordinator.get("/admin/spaces")).statusCode, 403);
  });
});
