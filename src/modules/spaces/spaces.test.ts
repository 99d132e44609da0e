import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { and, eq } from "drizzle-orm";
import { seedDemo } from "../../platform/demo";
import { auditLog } from "../../platform/schema";
import { buildUser, XSS } from "../../testing/factories";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import { importFramework } from "./commands/import-framework";
import { addSpaceRole, buildSpace } from "./factories";
import { spaceFrameworks, spaceMembers, spaces } from "./schema";

const ESCAPED_XSS = "&lt;script&gt;alert(1)&lt;/script&gt;";

describe("spaces", () => {
  let t: TestApp;
  let admin: Browser;
  let adminId: string;
  before(async () => {
    t = await createTestApp();
    const user = await buildUser(t.services, { isPlatformAdmin: true });
    adminId = user.id;
    admin = await new Browser(t.app).logIn(user.email, user.password);
  });
  after(async () => t.close());

  const validForm = (overrides: Record<string, string | string[]> = {}) => ({
    slug: "water-dialogue",
    "title.en": "Water dialogue",
    "title.ru": "Диалог о воде",
    "description.en": "Talking about rivers.",
    visibility: "public",
    enabledModules: ["commitments", "events"],
    frameworks: ["SUSTAINABLE-DEVELOPMENT-GOALS", "GBF"],
    "order.GBF": "1",
    "order.SUSTAINABLE-DEVELOPMENT-GOALS": "2",
    ...overrides,
  });

  it("lets a platform admin create a space with modules and ordered frameworks, audited", async () => {
    const response = await admin.post("/admin/spaces/new", validForm());
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, "/spaces/water-dialogue");
    const [space] = await t.services.db.select().from(spaces).where(eq(spaces.slug, "water-dialogue"));
    assert.deepEqual(space.title, { en: "Water dialogue", ru: "Диалог о воде" });
    assert.deepEqual(space.enabledModules, ["commitments", "events"]);
    assert.equal(space.visibility, "public");
    assert.equal(space.createdBy, adminId);
    const page = await admin.get("/spaces/water-dialogue");
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /The space has been created/);
    const gbf = page.body.indexOf("/frameworks/GBF");
    const sdg = page.body.indexOf("/frameworks/SUSTAINABLE-DEVELOPMENT-GOALS");
    assert.ok(gbf > 0 && sdg > gbf, "frameworks are listed in the chosen order");
    const [entry] = await t.services.db.select().from(auditLog).where(and(eq(auditLog.action, "space.created"), eq(auditLog.spaceId, space.id)));
    assert.equal(entry.actorUserId, adminId);
  });

  it("re-renders the create form with the input kept and each error beside its field", async () => {
    const response = await admin.post("/admin/spaces/new", validForm({ slug: "Bad Slug!", "title.en": "", "title.ru": "", visibility: "secret", "description.en": "Kept text" }));
    assert.equal(response.statusCode, 422);
    assert.match(response.body, /id="field-slug-error"/);
    assert.match(response.body, /lowercase Latin letters/);
    assert.match(response.body, /id="field-title-error"/);
    assert.match(response.body, /id="field-visibility-error"/);
    assert.match(response.body, /value="Bad Slug!"/);
    assert.match(response.body, />Kept text<\/textarea>/);
    assert.match(response.body, /value="events" checked/);
    assert.match(response.body, /value="GBF" checked/);
    assert.equal((await t.services.db.select().from(spaces).where(eq(spaces.slug, "bad-slug"))).length, 0);
  });

  it("answers 409 with the error on the slug field when the slug is taken", async () => {
    await buildSpace(t.services, { slug: "taken-slug" });
    const response = await admin.post("/admin/spaces/new", validForm({ slug: "taken-slug" }));
    assert.equal(response.statusCode, 409);
    assert.match(response.body, /id="field-slug-error"/);
    assert.match(response.body, /already uses this address/);
    assert.match(response.body, /value="Water dialogue"/, "the rest of the form is kept");
    assert.equal((await t.services.db.select().from(spaces).where(eq(spaces.slug, "taken-slug"))).length, 1);
  });

  it("refuses a framework imported by another space", async () => {
    const other = await buildSpace(t.services);
    await importFramework(t.services, { id: adminId }, other.id, { meta: { key: "OTHER-PLAN", name: { en: "Other plan" } }, rows: [{ line: 2, values: { key: "X", label_en: "x" } }] });
    const response = await admin.post("/admin/spaces/new", validForm({ slug: "picky-space", frameworks: ["OTHER-PLAN"] }));
    assert.equal(response.statusCode, 422);
    assert.match(response.body, /id="field-frameworks-error"/);
  });

  it("edits a space's settings, keeps input on errors, and audits what changed", async () => {
    const space = await buildSpace(t.services, { frameworkKeys: ["GBF"] });
    const form = await admin.get(`/spaces/${space.slug}/settings`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, new RegExp(`value="${space.slug}"`));
    assert.match(form.body, /value="GBF" checked/);
    assert.ok(!form.body.includes(XSS));

    const invalid = await admin.post(`/spaces/${space.slug}/settings`, { slug: space.slug, "title.en": "", "title.ru": "", "description.en": "New words", visibility: "public" });
    assert.equal(invalid.statusCode, 422);
    assert.match(invalid.body, /id="field-title-error"/);
    assert.match(invalid.body, />New words<\/textarea>/);

    const saved = await admin.post(`/spaces/${space.slug}/settings`, {
      slug: `${space.slug}-renamed`,
      "title.en": "Renamed",
      visibility: "private",
      enabledModules: "knowledge",
      frameworks: ["AARHUS", "GCM"],
      "order.GCM": "1",
    });
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, `/spaces/${space.slug}-renamed`);
    const [row] = await t.services.db.select().from(spaces).where(eq(spaces.id, space.id));
    assert.deepEqual(row.title, { en: "Renamed" });
    assert.equal(row.visibility, "private");
    assert.deepEqual(row.enabledModules, ["knowledge"]);
    const links = await t.services.db.select().from(spaceFrameworks).where(eq(spaceFrameworks.spaceId, space.id)).orderBy(spaceFrameworks.position);
    assert.equal(links.length, 2);
    const [entry] = await t.services.db.select().from(auditLog).where(and(eq(auditLog.action, "space.updated"), eq(auditLog.spaceId, space.id)));
    assert.deepEqual((entry.details as { changed: string[] }).changed, ["slug", "title", "description", "visibility", "enabledModules", "frameworks"]);
    const gcmFirst = await admin.get(`/spaces/${space.slug}-renamed`);
    assert.ok(gcmFirst.body.indexOf("/frameworks/GCM") < gcmFirst.body.indexOf("/frameworks/AARHUS"), "a numbered framework comes before an unnumbered one");
  });

  it("answers 409 when renaming a space to another space's slug", async () => {
    const first = await buildSpace(t.services);
    const second = await buildSpace(t.services);
    const response = await admin.post(`/spaces/${second.slug}/settings`, { slug: first.slug, "title.en": "Second", visibility: "public" });
    assert.equal(response.statusCode, 409);
    assert.match(response.body, /id="field-slug-error"/);
  });

  it("archives a space: it leaves the lists, stays readable, takes no new members; and restores it", async () => {
    const space = await buildSpace(t.services, { title: { en: "Soon archived" } });
    const archived = await admin.post(`/spaces/${space.slug}/archive`, {});
    assert.equal(archived.statusCode, 303);
    const [row] = await t.services.db.select().from(spaces).where(eq(spaces.id, space.id));
    assert.ok(row.archivedAt);
    assert.ok(!(await new Browser(t.app).get("/")).body.includes("Soon archived"));
    const list = await new Browser(t.app).get("/spaces");
    assert.match(list.body, /Archived spaces[\s\S]*Soon archived/);
    const person = await buildUser(t.services);
    const browser = await new Browser(t.app).logIn(person.email, person.password);
    const page = await browser.get(`/spaces/${space.slug}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /was archived/);
    assert.ok(!page.body.includes(`/spaces/${space.slug}/join`));
    assert.equal((await browser.post(`/spaces/${space.slug}/join`, {})).statusCode, 403);
    assert.equal((await admin.post(`/spaces/${space.slug}/unarchive`, {})).statusCode, 303);
    const actions = (await t.services.db.select().from(auditLog).where(eq(auditLog.spaceId, space.id))).map((entry) => entry.action);
    assert.deepEqual(actions.filter((action) => action.includes("archived")), ["space.archived", "space.unarchived"]);
  });

  it("escapes space titles and descriptions on the home page, the list and the space page", async () => {
    const space = await buildSpace(t.services);
    for (const url of ["/", "/spaces", `/spaces/${space.slug}`, "/admin/spaces"]) {
      const response = await admin.get(url);
      assert.equal(response.statusCode, 200, url);
      assert.ok(!response.body.includes(XSS), `${url} has no raw script`);
      assert.ok(response.body.includes(ESCAPED_XSS), `${url} shows the escaped text`);
    }
  });

  it("marks a title shown in another language than the page's", async () => {
    const space = await buildSpace(t.services, { title: { en: "Only in English" }, description: { en: "English words." } });
    const page = await new Browser(t.app, "ru").get(`/spaces/${space.slug}`);
    assert.match(page.body, /<html lang="ru"/);
    assert.match(page.body, /<span lang="en">Only in English<\/span> <span class="lang-note">/);
  });

  it("links the space's moderation queue for its coordinators and facilitators only, where consultations are on", async () => {
    const space = await buildSpace(t.services, { enabledModules: ["consultations"] });
    const withoutConsultations = await buildSpace(t.services);
    const link = `href="/spaces/${space.slug}/moderation"`;
    const people = await Promise.all(["coordinator", "facilitator", "member", "focal_point"].map(async (role) => {
      const user = await buildUser(t.services);
      await addSpaceRole(t.services, space.id, user.id, role as "coordinator" | "facilitator" | "member" | "focal_point");
      await addSpaceRole(t.services, withoutConsultations.id, user.id, role as "coordinator" | "facilitator" | "member" | "focal_point");
      return { role, browser: await new Browser(t.app).logIn(user.email, user.password) };
    }));
    for (const { role, browser } of people) {
      const page = await browser.get(`/spaces/${space.slug}?lang=en`);
      assert.equal(page.body.includes(link), role === "coordinator" || role === "facilitator", `${role} sees the moderation link: ${String(page.body.includes(link))}`);
      if (role === "coordinator") assert.match(page.body, /Moderation queue/);
      const other = await browser.get(`/spaces/${withoutConsultations.slug}`);
      assert.ok(!other.body.includes("/moderation\""), `${role}: no queue link where consultations are off`);
    }
    assert.ok(!(await new Browser(t.app).get(`/spaces/${space.slug}`)).body.includes(link), "anonymous visitors see no link");
  });

  it("shows what Convene is, public spaces and the viewer's private spaces on the home page", async () => {
    const open = await buildSpace(t.services, { title: { en: "Open home space" }, frameworkKeys: ["GBF"] });
    const closed = await buildSpace(t.services, { title: { en: "Closed home space" }, visibility: "private" });
    const anonymous = await new Browser(t.app).get("/");
    assert.match(anonymous.body, /open platform/);
    assert.match(anonymous.body, /href="\/register"/);
    assert.match(anonymous.body, /Open home space/);
    assert.match(anonymous.body, /Kunming-Montreal Global Biodiversity Framework/, "cards name the space's frameworks");
    assert.ok(!anonymous.body.includes("Closed home space"));
    const member = await buildUser(t.services);
    await addSpaceRole(t.services, closed.id, member.id, "member");
    const signedIn = await (await new Browser(t.app).logIn(member.email, member.password)).get("/");
    assert.match(signedIn.body, /Your private spaces[\s\S]*Closed home space/);
    assert.ok(!signedIn.body.includes('href="/register"'));
    const russian = await new Browser(t.app, "ru").get("/");
    assert.match(russian.body, /открытая платформа/);
    assert.ok(open.id);
  });

  it("loads the demo spaces and roles once, however often the seed runs", async () => {
    const first = await seedDemo(t.services);
    const second = await seedDemo(t.services);
    assert.deepEqual(second.spaceIds, first.spaceIds);
    assert.deepEqual(Object.keys(first.spaceIds).sort(), ["aarhus-kazakhstan-2018-2020", "migration-consultation-grcp", "nature-action-agenda"]);
    // Only the three demo spaces: other modules' demo content may add spaces of their own (a programme cohort's).
    const demoSpaceIds = Object.values(first.spaceIds);
    const roles = (await t.services.db.select().from(spaceMembers).where(eq(spaceMembers.userId, first.memberUserId))).filter((role) => demoSpaceIds.includes(role.spaceId));
    assert.deepEqual(
      roles.map((role) => `${role.spaceId === first.spaceIds["aarhus-kazakhstan-2018-2020"] ? "aarhus" : "agenda"}:${role.role}:${role.country}`).sort(),
      ["aarhus:focal_point:KZ", "aarhus:member:", "agenda:member:"],
    );
    const [migration] = await t.services.db.select().from(spaces).where(eq(spaces.slug, "migration-consultation-grcp"));
    assert.equal(migration.visibility, "private");
    const coordinatorRows = (await t.services.db.select().from(spaceMembers).where(and(eq(spaceMembers.userId, first.adminUserId), eq(spaceMembers.role, "coordinator")))).filter((role) => demoSpaceIds.includes(role.spaceId));
    assert.equal(coordinatorRows.length, 3);
  });
});
