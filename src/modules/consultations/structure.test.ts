import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { and, asc, eq } from "drizzle-orm";
import { DAY_MS } from "../../platform/clock";
import { auditLog } from "../../platform/schema";
import { buildUser, XSS, type BuiltUser } from "../../testing/factories";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import { addSpaceRole, buildSpace, type BuiltSpace } from "../spaces/factories";
import { createConsultation } from "./commands/create-consultation";
import { buildConsultation, buildContribution } from "./factories";
import { getSpaceForViewer } from "../spaces/queries";
import { consultationGroupFacilitators, consultationGroups, consultationQuestions, consultationTopics, consultations } from "./schema";

const ESCAPED_XSS = "&lt;script&gt;alert(1)&lt;/script&gt;";
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");

/** A browser-like multipart/form-data body with text fields and one file. */
function multipart(fields: Record<string, string>, file: { name: string; filename: string; content: Buffer }): { payload: Buffer; contentType: string } {
  const boundary = "----convene-structure-boundary";
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\nContent-Type: text/plain\r\n\r\n`));
  parts.push(file.content, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe("consultation structure", () => {
  let t: TestApp;
  let space: BuiltSpace;
  let coordinator: BuiltUser;
  let facilitator: BuiltUser;
  let member: BuiltUser;
  let outsider: BuiltUser;
  let admin: BuiltUser;
  const browsers: Record<string, Browser> = {};
  before(async () => {
    t = await createTestApp();
    space = await buildSpace(t.services, { enabledModules: ["consultations"] });
    coordinator = await buildUser(t.services);
    facilitator = await buildUser(t.services);
    member = await buildUser(t.services);
    outsider = await buildUser(t.services);
    admin = await buildUser(t.services, { isPlatformAdmin: true });
    await addSpaceRole(t.services, space.id, coordinator.id, "coordinator");
    await addSpaceRole(t.services, space.id, facilitator.id, "facilitator");
    await addSpaceRole(t.services, space.id, member.id, "member");
    for (const [name, user] of Object.entries({ coordinator, facilitator, member, outsider, admin })) browsers[name] = await new Browser(t.app).logIn(user.email, user.password);
    browsers.anonymous = new Browser(t.app);
  });
  after(() => t.close());

  const audits = (action: string, subjectId?: string) =>
    t.services.db.select().from(auditLog).where(subjectId ? and(eq(auditLog.action, action), eq(auditLog.subjectId, subjectId)) : eq(auditLog.action, action));

  test("outline import: paste → preview (nothing created) → create a draft with its groups, topics and questions", async () => {
    const base = `/spaces/${space.slug}/consultations`;
    const form = await browsers.coordinator!.get(`${base}/new`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /name="outline"/);
    assert.match(form.body, /enctype="multipart\/form-data"/);

    const outline = fixture("outline-en.md");
    const preview = await browsers.coordinator!.post(`${base}/new`, { outline, defaultYear: "2026", step: "preview" });
    assert.equal(preview.statusCode, 200);
    assert.match(preview.body, /3 groups, 4 topics, 10 guiding questions/);
    assert.match(preview.body, /Discussion group 1: Knowing the river/);
    assert.match(preview.body, /Line 47: questions straight under group 3 become one topic/);
    assert.match(preview.body, /value="Community water stewardship: an online consultation"/, "the outline's title fills the title field");
    assert.match(preview.body, /name="step" value="create"/);
    assert.equal((await t.services.db.select().from(consultations).where(eq(consultations.spaceId, space.id))).length, 0, "a preview creates nothing");

    const created = await browsers.coordinator!.post(`${base}/new`, {
      outline,
      defaultYear: "2026",
      step: "create",
      "title.en": "Water stewardship",
      "title.ru": "Бережное отношение к воде",
      slug: "",
      visibility: "members",
      editWindowMinutes: "30",
      maxReplyDepth: "2",
    });
    assert.equal(created.statusCode, 303, created.body.slice(0, 500));
    assert.equal(created.headers.location, `${base}/water-stewardship`);
    const [row] = await t.services.db.select().from(consultations).where(and(eq(consultations.spaceId, space.id), eq(consultations.slug, "water-stewardship")));
    assert.ok(row);
    assert.equal(row.status, "draft");
    assert.equal(row.visibility, "members");
    assert.equal(row.editWindowMinutes, 30);
    assert.equal(row.maxReplyDepth, 2);
    assert.deepEqual(row.title, { en: "Water stewardship", ru: "Бережное отношение к воде" });
    assert.equal(row.sourceOutline, outline);
    assert.deepEqual([row.opensAt, row.closesAt], [new Date("2026-09-21T00:00:00Z"), new Date("2026-10-06T00:00:00Z")]);
    const groups = await t.services.db.select().from(consultationGroups).where(eq(consultationGroups.consultationId, row.id)).orderBy(asc(consultationGroups.number));
    assert.deepEqual(groups.map((group) => [group.number, group.kind, group.title.en]), [[1, "discussion", "Knowing the river"], [2, "discussion", "Acting together"], [3, "session", "Closing plenary"]]);
    assert.deepEqual([groups[0]!.opensAt, groups[0]!.closesAt], [new Date("2026-09-21T00:00:00Z"), new Date("2026-09-28T00:00:00Z")]);
    const topics = await t.services.db.select().from(consultationTopics).where(eq(consultationTopics.consultationId, row.id)).orderBy(asc(consultationTopics.number));
    assert.deepEqual(topics.map((topic) => topic.number), [1, 2, 3, 4]);
    const questions = await t.services.db.select().from(consultationQuestions).innerJoin(consultationTopics, eq(consultationTopics.id, consultationQuestions.topicId)).where(eq(consultationTopics.consultationId, row.id));
    assert.equal(questions.length, 10);
    const [audit] = await audits("consultation.created", row.id);
    assert.deepEqual(audit?.details, { slug: "water-stewardship", groups: 3, topics: 4, questions: 10, warnings: 2 });

    const overview = await browsers.coordinator!.get(created.headers.location as string);
    assert.equal(overview.statusCode, 200);
    assert.match(overview.body, /The consultation was created as a draft/);
    assert.match(overview.body, /Topic 3: Agreements between users/);
    assert.match(overview.body, new RegExp(`href="${base}/water-stewardship/topics/1"`));
    // A second import with the same title takes the next free address.
    const again = await browsers.coordinator!.post(`${base}/new`, { outline, step: "create", "title.en": "Water stewardship", visibility: "public", editWindowMinutes: "60", maxReplyDepth: "3" });
    assert.equal(again.headers.location, `${base}/water-stewardship-2`);
  });

  test("a malformed outline: errors by line in the preview, creation refused, the pasted text kept", async () => {
    const base = `/spaces/${space.slug}/consultations`;
    const outline = fixture("outline-en-malformed.md");
    const preview = await browsers.coordinator!.post(`${base}/new`, { outline, step: "preview" });
    assert.equal(preview.statusCode, 200);
    assert.match(preview.body, /5 problems must be fixed/);
    assert.match(preview.body, /Line 4: “31 February – 3 March” is not a real date\./);
    assert.match(preview.body, /Line 19: group 2 is already used by a different group on line 13\./);
    assert.doesNotMatch(preview.body, /name="step" value="create"/);
    assert.ok(preview.body.includes("### Topic 1: Introductions"), "the text stays in the box");

    const before = (await t.services.db.select().from(consultations)).length;
    const refused = await browsers.coordinator!.post(`${base}/new`, { outline, step: "create", "title.en": "Mistakes", visibility: "public", editWindowMinutes: "60", maxReplyDepth: "3" });
    assert.equal(refused.statusCode, 422);
    assert.ok(refused.body.includes("## Discussion group 2: Second group"));
    assert.equal((await t.services.db.select().from(consultations)).length, before);

    const empty = await browsers.coordinator!.post(`${base}/new`, { outline: "  ", step: "preview" });
    assert.equal(empty.statusCode, 422);
    assert.match(empty.body, /This field is required/);

    const russian = new Browser(t.app, "ru");
    await russian.logIn(coordinator.email, coordinator.password);
    const ru = await russian.post(`${base}/new?lang=ru`, { outline: fixture("outline-ru-malformed.txt"), step: "preview" });
    assert.match(ru.body, /Строка 4: номер темы 1 уже занят другой темой в строке 2\./);
    assert.match(ru.body, /Строка 7: «4 – 40 октября» — несуществующая дата\./);
  });

  test("an uploaded file (Windows-1251) is read into the box and previewed; creation errors sit beside their fields", async () => {
    const base = `/spaces/${space.slug}/consultations`;
    const csrf = browsers.coordinator!.cookie("convene_csrf") ?? "";
    const content = Buffer.from(new TextEncoder().encode(fixture("outline-ru.txt")));
    const cp1251 = Buffer.from([...fixture("outline-ru.txt")].map((character) => {
      const code = character.charCodeAt(0);
      if (code >= 0x410 && code <= 0x44f) return code - 0x350;
      if (code === 0x401) return 0xa8;
      if (code === 0x451) return 0xb8;
      if (code === 0x2013) return 0x96;
      if (code === 0x21d2) return 0x3f;
      return code;
    }));
    for (const file of [content, cp1251]) {
      const body = multipart({ _csrf: csrf, outline: "", defaultYear: "2026", step: "preview" }, { name: "file", filename: "plan.txt", content: file });
      const response = await t.app.inject({ method: "POST", url: `${base}/new`, payload: body.payload, headers: { "content-type": body.contentType, cookie: browsers.coordinator!.cookieHeader(), accept: "text/html" } });
      assert.equal(response.statusCode, 200, response.body.slice(0, 300));
      assert.match(response.body, /Discussion group 1: Земля и вода/);
      assert.match(response.body, /Дискуссионная группа 1\. Земля и вода/, "the file's text is now in the box");
    }
    const binary = multipart({ _csrf: csrf, outline: "", step: "preview" }, { name: "file", filename: "plan.docx", content: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x01, 0x02]) });
    const refused = await t.app.inject({ method: "POST", url: `${base}/new`, payload: binary.payload, headers: { "content-type": binary.contentType, cookie: browsers.coordinator!.cookieHeader(), accept: "text/html" } });
    assert.equal(refused.statusCode, 422);
    assert.match(refused.body, /The file could not be read as text/);

    await buildConsultation(t.services, { spaceId: space.id, spaceSlug: space.slug, slug: "taken" });
    const clash = await browsers.coordinator!.post(`${base}/new`, { outline: fixture("outline-ru.txt"), step: "create", "title.ru": "Сады", slug: "taken", visibility: "public", editWindowMinutes: "60", maxReplyDepth: "3" });
    assert.equal(clash.statusCode, 409);
    assert.match(clash.body, /id="field-slug-error">Another consultation in this space already uses this address/);
    assert.ok(clash.body.includes("Тема 3: Обучение"), "the text survives the failed create");
    const badDepth = await browsers.coordinator!.post(`${base}/new`, { outline: fixture("outline-ru.txt"), step: "create", "title.ru": "Сады", slug: "", visibility: "public", editWindowMinutes: "60", maxReplyDepth: "99" });
    assert.equal(badDepth.statusCode, 422);
    assert.match(badDepth.body, /id="field-maxReplyDepth-error"/);
  });

  test("an outline over the New Year: the right years, the introduction's window, a draft badge alone, end days read inclusively (EN and RU)", async () => {
    const base = `/spaces/${space.slug}/consultations`;
    const outline = "# Winter talks\n\nThe consultation runs from 1 December to 10 January.\n\n## Discussion group 1: Before the holidays (1–26 December)\n\n### Topic 1: Plans\n\n1. What is planned?\n\n## Discussion group 2: Over the New Year (5 December – 5 January)\n\n### Topic 2: Wishes\n\n1. What do you wish?\n";
    const late = await browsers.coordinator!.post(`${base}/new`, { outline, defaultYear: "2025", step: "preview" });
    assert.match(late.body, /Line 3: these dates ended on 2026-01-10, before today/, "a year already past is pointed out");
    assert.doesNotMatch(late.body, /No problems found/);
    const preview = await browsers.coordinator!.post(`${base}/new`, { outline, defaultYear: "2026", step: "preview" });
    assert.doesNotMatch(preview.body, /ended on/);
    assert.match(preview.body, /1 Dec 2026 – 10 Jan 2027/, "the preview shows the consultation's window");
    assert.match(preview.body, /5 Dec 2026 – 5 Jan 2027/);
    const created = await browsers.coordinator!.post(`${base}/new`, { outline, defaultYear: "2026", step: "create", "title.en": "Winter talks", slug: "winter-talks", visibility: "public", editWindowMinutes: "60", maxReplyDepth: "3" });
    assert.equal(created.statusCode, 303, created.body.slice(0, 300));
    const [row] = await t.services.db.select().from(consultations).where(and(eq(consultations.spaceId, space.id), eq(consultations.slug, "winter-talks")));
    assert.deepEqual([row!.opensAt, row!.closesAt], [new Date("2026-12-01T00:00:00Z"), new Date("2027-01-11T00:00:00Z")], "the end day is stored as the next midnight");
    const groups = await t.services.db.select().from(consultationGroups).where(eq(consultationGroups.consultationId, row!.id)).orderBy(asc(consultationGroups.number));
    assert.deepEqual([groups[1]!.opensAt, groups[1]!.closesAt], [new Date("2026-12-05T00:00:00Z"), new Date("2027-01-06T00:00:00Z")]);

    // a draft is a draft, whatever the clock says about its windows
    const startedAt = t.clock.now();
    t.clock.set(new Date("2026-12-10T09:00:00Z"));
    try {
    // a fresh login: the sessions of the other tests would have expired by December
    const draft = await (await new Browser(t.app).logIn(coordinator.email, coordinator.password)).get(`${base}/winter-talks`);
    assert.equal(draft.statusCode, 200);
    assert.match(draft.body, /state-draft/);
    assert.doesNotMatch(draft.body, /class="tag state-(open|upcoming|closed)"/, "no time state beside Draft, on the consultation, its groups or topics");
    assert.match(draft.body, /1 Dec 2026 – 10 Jan 2027/);
    assert.match(draft.body, /1 Dec 2026 – 26 Dec 2026/, "the last day, not the stored midnight after it");

    await t.services.db.update(consultations).set({ status: "published" }).where(eq(consultations.id, row!.id));
    const english = await new Browser(t.app).get(`${base}/winter-talks/topics/1`);
    assert.match(english.body, /Open for contributions until 26 Dec 2026</);
    assert.doesNotMatch(english.body, /27 Dec 2026/);
    const russian = await new Browser(t.app).get(`${base}/winter-talks/topics/1?lang=ru`);
    assert.match(russian.body, /Открыта для участия по 26 дек\. 2026 г\. включительно</);
    const overview = await new Browser(t.app).get(`${base}/winter-talks`);
    assert.match(overview.body, /class="tag state-open"/, "published, it shows its time state");
    assert.doesNotMatch(overview.body, /state-draft/);
    } finally {
      t.clock.set(startedAt);
    }
  });

  test("windows follow the clock: the overview shows what is open now and what comes next", async () => {
    // Anonymous visitors read the public overview, so moving the clock weeks ahead does not expire anyone's session.
    const startedAt = t.clock.now();
    const start = new Date(Date.UTC(startedAt.getUTCFullYear(), startedAt.getUTCMonth(), startedAt.getUTCDate()));
    const built = await buildConsultation(t.services, {
      spaceId: space.id,
      spaceSlug: space.slug,
      groups: [
        { opensAt: start, closesAt: new Date(start.getTime() + 7 * DAY_MS), topics: [{ title: { en: "Week one topic" } }] },
        { opensAt: new Date(start.getTime() + 7 * DAY_MS), closesAt: new Date(start.getTime() + 14 * DAY_MS), topics: [{ title: { en: "Week two topic" } }] },
      ],
    });
    const path = `/spaces/${space.slug}/consultations/${built.slug}`;
    const section = (body: string, id: string) => body.slice(body.indexOf(`id="${id}"`), body.indexOf("</section>", body.indexOf(`id="${id}"`)));
    const visitor = browsers.anonymous!;
    let page = await visitor.get(path);
    assert.match(section(page.body, "open-now"), /Week one topic/);
    assert.doesNotMatch(section(page.body, "open-now"), /Week two topic/);
    assert.match(section(page.body, "next"), /Week two topic/);

    t.clock.advance(8 * DAY_MS);
    page = await visitor.get(path);
    assert.match(section(page.body, "open-now"), /Week two topic/);
    assert.doesNotMatch(section(page.body, "open-now"), /Week one topic/);
    assert.match(page.body, /Week one topic<\/a>\s*<span class="tag state-closed">Closed/);
    assert.match(section(page.body, "next"), /Nothing else is scheduled/);

    t.clock.advance(7 * DAY_MS);
    page = await visitor.get(path);
    assert.match(section(page.body, "open-now"), /Nothing is open for contributions/);
    const group = await visitor.get(`${path}/groups/2`);
    assert.equal(group.statusCode, 200);
    assert.match(group.body, /state-closed/);

    const list = await visitor.get(`/spaces/${space.slug}/consultations`);
    assert.equal(list.statusCode, 200);
    t.clock.set(startedAt);
  });

  test("the list puts open consultations first and shows drafts only to those who run them", async () => {
    const other = await buildSpace(t.services, { enabledModules: ["consultations"] });
    await addSpaceRole(t.services, other.id, coordinator.id, "coordinator");
    const now = t.clock.now();
    await buildConsultation(t.services, { spaceId: other.id, spaceSlug: other.slug, slug: "closed-one", title: { en: "Closed one" }, closesAt: new Date(now.getTime() - DAY_MS) });
    await buildConsultation(t.services, { spaceId: other.id, spaceSlug: other.slug, slug: "open-one", title: { en: "Open one" } });
    await buildConsultation(t.services, { spaceId: other.id, spaceSlug: other.slug, slug: "draft-one", title: { en: "Draft one" }, status: "draft" });
    const list = (await browsers.member!.get(`/spaces/${other.slug}/consultations`)).body;
    assert.ok(list.indexOf("Open one") < list.indexOf("Closed one"));
    assert.doesNotMatch(list, /Draft one/);
    const coordinatorList = (await browsers.coordinator!.get(`/spaces/${other.slug}/consultations`)).body;
    assert.match(coordinatorList, /Draft one/);
    assert.match(coordinatorList, /Build a consultation from an outline/);
    assert.doesNotMatch(list, /Build a consultation from an outline/);
  });

  test("who may create and edit: coordinators and platform admins; others are refused, anonymous people asked to log in", async () => {
    const built = await buildConsultation(t.services, { spaceId: space.id, spaceSlug: space.slug, status: "draft" });
    const path = `/spaces/${space.slug}/consultations/${built.slug}`;
    const expected: Record<string, number> = { coordinator: 200, admin: 200, facilitator: 403, member: 403, outsider: 403, anonymous: 401 };
    for (const [name, status] of Object.entries(expected)) {
      assert.equal((await browsers[name]!.get(`/spaces/${space.slug}/consultations/new`)).statusCode, status, `${name} on /new`);
    }
    // The draft itself: facilitators see it but may not change it; members and outsiders do not see it at all.
    const editing: Record<string, number> = { coordinator: 200, admin: 200, facilitator: 403, member: 404, outsider: 404, anonymous: 404 };
    for (const [name, status] of Object.entries(editing)) {
      for (const page of ["settings", "groups/1/edit", "topics/1/edit", "groups/1/topics/new"]) assert.equal((await browsers[name]!.get(`${path}/${page}`)).statusCode, status, `${name} on ${page}`);
    }
    assert.equal((await browsers.facilitator!.post(`${path}/publish`, {})).statusCode, 403);
    assert.equal((await t.services.db.select().from(consultations).where(eq(consultations.id, built.id)))[0]!.status, "draft");
    const published = await browsers.admin!.post(`${path}/publish`, {});
    assert.equal(published.statusCode, 303);
    assert.equal((await t.services.db.select().from(consultations).where(eq(consultations.id, built.id)))[0]!.status, "published");
    assert.equal((await audits("consultation.published", built.id)).length, 1);
    assert.equal((await browsers.admin!.post(`${path}/publish`, {})).statusCode, 409, "publishing twice is a translated conflict");
    // Published and public: now members see it but still may not edit it.
    assert.equal((await browsers.member!.get(path)).statusCode, 200);
    assert.equal((await browsers.member!.get(`${path}/settings`)).statusCode, 403);
    // The set-up form comes in three parts with a contents list linking to each.
    const settingsForm = (await browsers.coordinator!.get(`${path}/settings`)).body;
    for (const part of ["consultation-about", "consultation-access", "consultation-contributions"]) {
      assert.match(settingsForm, new RegExp(`<a href="#${part}">[^<]+</a>`), part);
      assert.match(settingsForm, new RegExp(`<fieldset class="form-section" id="${part}"><legend>`), part);
    }
    assert.equal((await browsers.anonymous!.get(`${path}/settings`)).statusCode, 401);
    assert.equal((await browsers.member!.post(`${path}/archive`, {})).statusCode, 403);
    assert.equal((await browsers.coordinator!.post(`${path}/archive`, {})).statusCode, 303);
    assert.match((await browsers.member!.get(path)).body, /state-archived/);
    assert.equal((await audits("consultation.archived", built.id)).length, 1);
    assert.equal((await browsers.coordinator!.post(`${path}/unarchive`, {})).statusCode, 303);
  });

  test("private spaces and members-only consultations are 404 for outsiders and anonymous people on every page", async () => {
    const privateSpace = await buildSpace(t.services, { enabledModules: ["consultations"], visibility: "private" });
    await addSpaceRole(t.services, privateSpace.id, member.id, "member");
    const inPrivate = await buildConsultation(t.services, { spaceId: privateSpace.id, spaceSlug: privateSpace.slug });
    const membersOnly = await buildConsultation(t.services, { spaceId: space.id, spaceSlug: space.slug, visibility: "members" });
    const pages = (spaceSlug: string, slug: string) => [
      `/spaces/${spaceSlug}/consultations/${slug}`,
      `/spaces/${spaceSlug}/consultations/${slug}/groups/1`,
      `/spaces/${spaceSlug}/consultations/${slug}/settings`,
      `/spaces/${spaceSlug}/consultations/${slug}/groups/1/edit`,
      `/spaces/${spaceSlug}/consultations/${slug}/topics/1/edit`,
    ];
    for (const name of ["outsider", "anonymous"]) {
      for (const url of [...pages(privateSpace.slug, inPrivate.slug), `/spaces/${privateSpace.slug}/consultations`, `/spaces/${privateSpace.slug}/consultations/new`, ...pages(space.slug, membersOnly.slug)]) {
        assert.equal((await browsers[name]!.get(url)).statusCode, 404, `${name} on ${url}`);
      }
      assert.equal((await browsers[name]!.post(`/spaces/${space.slug}/consultations/${membersOnly.slug}/archive`, {})).statusCode, 404);
    }
    assert.doesNotMatch((await browsers.outsider!.get(`/spaces/${space.slug}/consultations`)).body, new RegExp(membersOnly.slug));
    assert.equal((await browsers.member!.get(pages(privateSpace.slug, inPrivate.slug)[0]!)).statusCode, 200);
    assert.equal((await browsers.member!.get(pages(space.slug, membersOnly.slug)[1]!)).statusCode, 200);
    // A space without the module has no consultation pages.
    const plain = await buildSpace(t.services);
    assert.equal((await browsers.admin!.get(`/spaces/${plain.slug}/consultations`)).statusCode, 404);
  });

  test("editing groups, topics, questions and facilitators: audited, errors beside the field, input kept", async () => {
    const built = await buildConsultation(t.services, { spaceId: space.id, spaceSlug: space.slug, groups: [{ topics: [{ questions: 2 }, { questions: 1 }] }] });
    const path = `/spaces/${space.slug}/consultations/${built.slug}`;
    const coordinatorBrowser = browsers.coordinator!;

    const bad = await coordinatorBrowser.post(`${path}/groups/1/edit`, { "title.en": "", "title.ru": "", "description.en": "Kept description", kind: "session", opensOn: "2026-10-10", closesOn: "2026-10-04" });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /id="field-title-error">This field is required/);
    assert.match(bad.body, /Kept description/);
    const reversed = await coordinatorBrowser.post(`${path}/groups/1/edit`, { "title.en": "Renamed", kind: "session", opensOn: "2026-10-10", closesOn: "2026-10-04" });
    assert.match(reversed.body, /id="field-closesOn-error">The last day cannot be before the first day/);
    const saved = await coordinatorBrowser.post(`${path}/groups/1/edit`, { "title.en": "Renamed", "title.ru": "Переименована", kind: "session", opensOn: "2026-10-04", closesOn: "2026-10-10" });
    assert.equal(saved.statusCode, 303);
    const [group] = await t.services.db.select().from(consultationGroups).where(eq(consultationGroups.id, built.groups[0]!.id));
    assert.deepEqual([group!.title, group!.kind, group!.opensAt, group!.closesAt], [{ en: "Renamed", ru: "Переименована" }, "session", new Date("2026-10-04T00:00:00Z"), new Date("2026-10-11T00:00:00Z")]);
    assert.equal((await audits("consultation.group_updated", group!.id)).length, 1);

    // Facilitators: only people with a role in the space.
    const refused = await coordinatorBrowser.post(`${path}/groups/1/facilitators`, { userId: outsider.id });
    assert.equal(refused.statusCode, 422);
    assert.match(refused.body, /Choose a person who holds a role in this space/);
    assert.equal((await coordinatorBrowser.post(`${path}/groups/1/facilitators`, { userId: member.id })).statusCode, 303);
    assert.deepEqual((await t.services.db.select().from(consultationGroupFacilitators).where(eq(consultationGroupFacilitators.groupId, group!.id))).map((row) => row.userId), [member.id]);
    assert.equal((await audits("consultation.facilitator_added", group!.id)).length, 1);
    const groupBody = (await browsers.member!.get(`${path}/groups/1`)).body;
    assert.ok(groupBody.includes(`Facilitated by ${ESCAPED_XSS}`), groupBody.slice(groupBody.indexOf("<main"), groupBody.indexOf("</main>")));
    assert.equal((await browsers.member!.get(`${path}/groups/1/edit`)).statusCode, 403, "a named facilitator does not edit the structure");
    assert.equal((await coordinatorBrowser.post(`${path}/groups/1/facilitators/remove`, { userId: member.id })).statusCode, 303);
    assert.equal((await t.services.db.select().from(consultationGroupFacilitators).where(eq(consultationGroupFacilitators.groupId, group!.id))).length, 0);

    // Topics: edit, move, add.
    assert.equal((await coordinatorBrowser.post(`${path}/topics/2/edit`, { "title.en": "Second, renamed", "title.ru": "Вторая" })).statusCode, 303);
    assert.equal((await coordinatorBrowser.post(`${path}/topics/2/move`, { direction: "up" })).statusCode, 303);
    const order = await t.services.db.select().from(consultationTopics).where(eq(consultationTopics.groupId, group!.id)).orderBy(asc(consultationTopics.position));
    assert.deepEqual(order.map((topic) => topic.number), [2, 1]);
    assert.equal((await coordinatorBrowser.post(`${path}/topics/2/move`, { direction: "up" })).statusCode, 409);
    const added = await coordinatorBrowser.post(`${path}/groups/1/topics/new`, { "title.en": "Third", opensOn: "", closesOn: "" });
    assert.equal(added.headers.location, `${path}/topics/3/edit`);

    // Questions: add, reword, remove (the rest close up); one with answers stays.
    assert.equal((await coordinatorBrowser.post(`${path}/topics/1/questions`, { "text.en": "", "text.ru": "" })).statusCode, 422);
    assert.equal((await coordinatorBrowser.post(`${path}/topics/1/questions`, { "text.en": "A third question?", "text.ru": "Третий вопрос?" })).statusCode, 303);
    assert.equal((await coordinatorBrowser.post(`${path}/topics/1/questions/1`, { "text.en": "Reworded?" })).statusCode, 303);
    assert.equal((await coordinatorBrowser.post(`${path}/topics/1/questions/1/remove`, {})).statusCode, 303);
    const questions = await t.services.db.select().from(consultationQuestions).where(eq(consultationQuestions.topicId, built.groups[0]!.topics[0]!.id)).orderBy(asc(consultationQuestions.number));
    assert.deepEqual(questions.map((question) => [question.number, question.text.en?.replace(XSS, "").trim()]), [[1, "Question 2?"], [2, "A third question?"]]);
    await buildContribution(t.services, { consultationId: built.id, topicId: built.groups[0]!.topics[0]!.id }, { questionId: questions[0]!.id });
    const kept = await coordinatorBrowser.post(`${path}/topics/1/questions/1/remove`, {});
    assert.equal(kept.statusCode, 409);
    assert.match(kept.body, /This question has answers and cannot be removed/);
    assert.equal((await audits("consultation.question_removed")).length >= 1, true);
  });

  const seeds = new URL("../../../../shared/seeds", import.meta.url);
  test("seeds 000 and 003 build their consultations: groups, topics and questions in the tables", { skip: existsSync(seeds) ? false : "../shared/seeds is not present" }, async () => {
    const viewed = await getSpaceForViewer(t.services.db, space.slug, { id: coordinator.id, isPlatformAdmin: false });
    const expected: Record<string, { kinds: string[]; questions: number[] }> = {
      "000_": { kinds: ["discussion", "discussion", "discussion"], questions: [5, 4, 4, 4, 4, 5] },
      "003_": { kinds: ["session", "session", "session"], questions: [3, 5, 6, 2, 4] },
    };
    for (const [prefix, shape] of Object.entries(expected)) {
      const text = readFileSync(new URL(`seeds/${readdirSync(seeds).find((name) => name.startsWith(prefix))!}`, seeds), "utf8");
      const created = await createConsultation(t.services, { id: coordinator.id, isPlatformAdmin: false }, viewed, {
        outline: text,
        defaultYear: 2026,
        slug: `seed-${prefix.slice(0, 3)}`,
        title: { ru: `Seed ${prefix}` },
        description: {},
        visibility: "public",
        opensOn: "",
        closesOn: "",
        editWindowMinutes: 60,
        maxReplyDepth: 3,
      });
      const groups = await t.services.db.select().from(consultationGroups).where(eq(consultationGroups.consultationId, created.id)).orderBy(asc(consultationGroups.number));
      assert.deepEqual(groups.map((group) => group.kind), shape.kinds);
      const topics = await t.services.db.select().from(consultationTopics).where(eq(consultationTopics.consultationId, created.id)).orderBy(asc(consultationTopics.number));
      const counts = [];
      for (const topic of topics) counts.push((await t.services.db.select().from(consultationQuestions).where(eq(consultationQuestions.topicId, topic.id))).length);
      assert.deepEqual(counts, shape.questions, prefix);
    }
  });

  test("text from people and outlines is escaped on every structure page", async () => {
    const built = await buildConsultation(t.services, { spaceId: space.id, spaceSlug: space.slug, groups: [{ facilitatorIds: [member.id] }] });
    const path = `/spaces/${space.slug}/consultations/${built.slug}`;
    for (const url of [`/spaces/${space.slug}/consultations`, path, `${path}/groups/1`, `${path}/settings`, `${path}/groups/1/edit`, `${path}/topics/1/edit`]) {
      const page = await browsers.coordinator!.get(url);
      assert.equal(page.statusCode, 200, url);
      assert.ok(!page.body.includes(XSS), `raw script on ${url}`);
      assert.ok(page.body.includes(ESCAPED_XSS), `escaped text on ${url}`);
    }
    const preview = await browsers.coordinator!.post(`/spaces/${space.slug}/consultations/new`, { outline: `Discussion group 1: ${XSS}\nTopic 1: ${XSS}\n1. ${XSS}?`, step: "preview" });
    assert.ok(!preview.body.includes(XSS));
    assert.ok(preview.body.includes(ESCAPED_XSS));
  });
});
