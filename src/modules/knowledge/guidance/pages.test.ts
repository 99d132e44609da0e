import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Browser, createTestApp, type TestApp } from "../../../testing/harness";
import { XSS, buildUser, type BuiltUser } from "../../../testing/factories";
import { addSpaceRole, buildSpace, type BuiltSpace } from "../../spaces/factories";
import { and, eq } from "drizzle-orm";
import { auditLog } from "../../../platform/schema";
import { knowledgeCollections, knowledgeDocuments } from "../schema";
import { saveDocument, type DocumentFields } from "./commands/save-document";

describe("knowledge hub pages", () => {
  let t: TestApp;
  let space: BuiltSpace;
  let privateSpace: BuiltSpace;
  let coordinator: BuiltUser;
  let member: BuiltUser;
  let admin: BuiltUser;

  const save = (fields: Partial<DocumentFields> & { slug: string }) =>
    t.services.db.transaction((tx) =>
      saveDocument(
        tx,
        { spaceId: space.id, kind: "guidance", language: "en", title: `${XSS} Registering`, tags: [`tag${XSS}`], bodyMd: `Intro ${XSS}\n\n## Who may apply\n\nAny organisation.\n\n## Deadlines\n\nBy March.`, status: "published", translationOfSlug: null, collectionId: null, ...fields },
        { actorUserId: null, source: "import", now: t.services.clock.now() },
      ),
    );

  before(async () => {
    t = await createTestApp();
    space = await buildSpace(t.services, { enabledModules: ["knowledge"] });
    privateSpace = await buildSpace(t.services, { enabledModules: ["knowledge"], visibility: "private" });
    coordinator = await buildUser(t.services);
    member = await buildUser(t.services);
    admin = await buildUser(t.services, { isPlatformAdmin: true });
    await addSpaceRole(t.services, space.id, coordinator.id, "coordinator");
    await addSpaceRole(t.services, space.id, member.id, "member");
    await save({ slug: "registering" });
    await save({ slug: "registering-ru", language: "ru", title: "Регистрация", translationOfSlug: "registering" });
    await save({ slug: "secret-draft", title: "Unfinished draft", status: "draft" });
    await save({ slug: "what-is-a-commitment", kind: "faq", title: "What is a commitment?", bodyMd: `A pledge. ${XSS}` });
    await t.services.db.transaction((tx) =>
      saveDocument(tx, { spaceId: privateSpace.id, slug: "hidden", kind: "guidance", language: "en", title: "Hidden", tags: [], bodyMd: "x", status: "published", translationOfSlug: null, collectionId: null }, { actorUserId: null, source: "ui", now: t.services.clock.now() }),
    );
  });
  after(() => t.close());

  const base = () => `/spaces/${space.slug}/knowledge`;
  const as = async (user?: BuiltUser, locale = "en") => (user ? new Browser(t.app, locale).logIn(user.email, user.password) : new Browser(t.app, locale));

  test("the hub, library, FAQ and a document are open to visitors, escaped, with contents, translation links and version", async () => {
    const visitor = await as();
    const hub = await visitor.get(base());
    assert.equal(hub.statusCode, 200);
    assert.match(hub.body, /action="\/spaces\/[^"]+\/knowledge\/ask"/);
    assert.match(hub.body, /href="\/knowledge"/, "the header links to the knowledge hub");
    const library = await visitor.get(`${base()}/guidance`);
    assert.equal(library.statusCode, 200);
    assert.ok(!library.body.includes(XSS));
    assert.doesNotMatch(library.body, /Unfinished draft/);
    assert.match(library.body, /hreflang="ru"/);
    const page = await visitor.get(`${base()}/guidance/registering`);
    assert.equal(page.statusCode, 200);
    assert.ok(!page.body.includes(XSS));
    assert.match(page.body, /<h1><span lang="en">&lt;script&gt;/, "the title is escaped and marked with the document's language");
    assert.match(page.body, /href="#who-may-apply"/);
    assert.match(page.body, /<h2 id="who-may-apply">/);
    assert.match(page.body, /href="\/spaces\/[^"]+\/knowledge\/guidance\/registering-ru"[^>]*>Русский/);
    assert.match(page.body, /Version 1/);
    assert.doesNotMatch(page.body, /\/edit"/, "no editing link for visitors");
    const faq = await visitor.get(`${base()}/faq`);
    assert.match(faq.body, /id="what-is-a-commitment"/);
    assert.match(faq.body, /"@type":"FAQPage"/);
    assert.ok(!faq.body.includes(XSS), "answers are escaped in the page and in its JSON-LD");
    const russian = await (await as(undefined, "ru")).get(`${base()}/guidance`);
    assert.match(russian.body, /Регистрация/, "a Russian reader is shown the Russian translation");
  });

  test("the hub links every part of the hub, and coordinators to the work they may do there", async () => {
    const links = (body: string) => [...body.matchAll(/href="([^"]+)"/g)].map((match) => match[1]!.replace(/&amp;/g, "&"));
    const visitorLinks = links((await (await as()).get(base())).body);
    for (const path of [`${base()}/practices`, `${base()}/resources`, `${base()}/resources/closing-soon`, "/experts", `/search?space=${space.slug}`]) assert.ok(visitorLinks.includes(path), `the hub links ${path}`);
    const work = [`${base()}/enquiries`, `${base()}/glossary`, `${base()}/practices/review`, `${base()}/resources/manage`];
    for (const path of work) assert.ok(!visitorLinks.includes(path), `visitors are not sent to ${path}`);
    assert.ok(!links((await (await as(member)).get(base())).body).includes(`${base()}/enquiries`), "nor are members");
    const coordinatorBrowser = await as(coordinator);
    const coordinatorLinks = links((await coordinatorBrowser.get(base())).body);
    for (const path of work) {
      assert.ok(coordinatorLinks.includes(path), `coordinators are linked to ${path}`);
      assert.equal((await coordinatorBrowser.get(path)).statusCode, 200, `and may use ${path}`);
    }
    const adminBrowser = await as(admin);
    const platformLinks = links((await adminBrowser.get("/knowledge")).body);
    for (const path of ["/knowledge/enquiries", "/knowledge/glossary", "/knowledge/resources/manage"]) {
      assert.ok(platformLinks.includes(path), `platform admins are linked to ${path}`);
      assert.equal((await adminBrowser.get(path)).statusCode, 200);
    }
  });

  test("drafts are seen by coordinators only; members and visitors get 404", async () => {
    assert.equal((await (await as()).get(`${base()}/guidance/secret-draft`)).statusCode, 404);
    assert.equal((await (await as(member)).get(`${base()}/guidance/secret-draft`)).statusCode, 404);
    const shown = await (await as(coordinator)).get(`${base()}/guidance/secret-draft`);
    assert.equal(shown.statusCode, 200);
    assert.match(shown.body, /Draft/);
    assert.equal((await (await as(admin)).get(`${base()}/guidance/secret-draft`)).statusCode, 200);
  });

  test("a private space's hub is a 404 to visitors and non-members, visible to admins; a space without the feature is a 404", async () => {
    const path = `/spaces/${privateSpace.slug}/knowledge/guidance/hidden`;
    assert.equal((await (await as()).get(path)).statusCode, 404);
    assert.equal((await (await as(member)).get(path)).statusCode, 404);
    assert.equal((await (await as(admin)).get(path)).statusCode, 200);
    const plain = await buildSpace(t.services);
    assert.equal((await (await as()).get(`/spaces/${plain.slug}/knowledge`)).statusCode, 404);
  });

  test("editing pages ask visitors to log in and refuse members", async () => {
    const visitor = await (await as()).get(`${base()}/guidance/new`);
    assert.ok([401, 303].includes(visitor.statusCode));
    assert.equal((await (await as(member)).get(`${base()}/guidance/new`)).statusCode, 403);
    assert.equal((await (await as(member)).post(`${base()}/guidance/registering/edit`, { title: "x", body: "y", language: "en" })).statusCode, 403);
    assert.equal((await (await as(coordinator)).get(`/knowledge/guidance/new`)).statusCode, 403, "platform guidance is for platform admins");
  });

  test("a coordinator writes a document: errors beside the fields with input kept, then saved, edited (version 2), compared and deleted", async () => {
    const browser = await as(coordinator);
    const failed = await browser.post(`${base()}/guidance/new`, { title: "", slug: "Not OK", language: "en", body: `Kept ${XSS}`, kind: "guidance", status: "published" });
    assert.equal(failed.statusCode, 422);
    assert.match(failed.body, /id="field-title-error"/);
    assert.match(failed.body, /id="field-slug-error"/);
    assert.match(failed.body, /Kept &lt;script&gt;/);
    const created = await browser.post(`${base()}/guidance/new`, { title: "Reporting progress", slug: "reporting", language: "en", body: "First.\n\n## Steps\n\nOne.", tags: "reports, progress", kind: "guidance", status: "published" });
    assert.equal(created.statusCode, 303);
    assert.equal(created.headers.location, `${base()}/guidance/reporting`);
    const taken = await browser.post(`${base()}/guidance/new`, { title: "Again", slug: "reporting", language: "en", body: "x", kind: "guidance", status: "published" });
    assert.equal(taken.statusCode, 409);
    const edited = await browser.post(`${base()}/guidance/reporting/edit`, { title: "Reporting progress", language: "en", body: "First.\n\n## Steps\n\nOne.\nTwo.", tags: "reports", kind: "guidance", status: "published", note: "added a step" });
    assert.equal(edited.statusCode, 303);
    const history = await browser.get(`${base()}/guidance/reporting/versions`);
    assert.match(history.body, /added a step/);
    assert.match(history.body, /Version 2/);
    const old = await browser.get(`${base()}/guidance/reporting/versions/1`);
    assert.equal(old.statusCode, 200);
    assert.match(old.body, /old version/);
    const compared = await browser.get(`${base()}/guidance/reporting/compare?from=1&to=2`);
    assert.match(compared.body, /<ins>\+ Two\.<\/ins>/);
    const badVersion = await browser.get(`${base()}/guidance/reporting/compare?from=x`);
    assert.equal(badVersion.statusCode, 422, "a version that is not a number is a bad value, like any other");
    assert.match(badVersion.body, /“from” must be a version number/);
    assert.match((await (await as(undefined, "ru")).get(`${base()}/guidance/reporting/compare?to=2.5`)).body, /«to» — номер версии/);
    assert.equal((await browser.get(`${base()}/guidance/reporting/versions/9`)).statusCode, 404);
    const deleted = await browser.post(`${base()}/guidance/reporting/delete`, {});
    assert.equal(deleted.statusCode, 303);
    assert.equal((await browser.get(`${base()}/guidance/reporting`)).statusCode, 404);
  });

  test("a coordinator makes a collection and files a FAQ entry in it", async () => {
    const browser = await as(coordinator);
    const bad = await browser.post(`${base()}/collections`, { slug: "", "title.en": "" });
    assert.equal(bad.statusCode, 422);
    assert.equal((await browser.post(`${base()}/collections`, { slug: "basics", "title.en": "Basics", "title.ru": "Основы", position: "1" })).statusCode, 303);
    const form = await browser.get(`${base()}/guidance/new?kind=faq`);
    const collectionId = /<option value="([0-9a-f-]{36})">Basics/.exec(form.body)?.[1];
    assert.ok(collectionId);
    assert.equal((await browser.post(`${base()}/guidance/new`, { title: "How do I join?", slug: "join", language: "en", body: "Press Join.", kind: "faq", status: "published", collection: collectionId! })).statusCode, 303);
    const faq = await (await as()).get(`${base()}/faq`);
    assert.match(faq.body, /<h2 id="faq-group-0">Basics<\/h2>/);
    assert.match(faq.body, /Press Join\./);
  });

  test("a coordinator deletes a collection after a confirm step; its documents stay, out of any collection, and it is audited", async () => {
    const browser = await as(coordinator);
    assert.equal((await browser.post(`${base()}/collections`, { slug: "to-remove", "title.en": `Old ${XSS}`, "title.ru": "Старое" })).statusCode, 303);
    const [collection] = await t.services.db.select().from(knowledgeCollections).where(eq(knowledgeCollections.slug, "to-remove"));
    assert.ok(collection);
    assert.equal((await browser.post(`${base()}/guidance/new`, { title: "Kept entry", slug: "kept-entry", language: "en", body: "Still here.", kind: "faq", status: "published", collection: collection.id })).statusCode, 303);
    const deleteUrl = `${base()}/collections/${collection.id}/delete`;
    const list = await browser.get(`${base()}/collections`);
    assert.ok(list.body.includes(`href="${deleteUrl}"`), "the collections page links to the delete step");

    for (const outsider of [await as(member), await as()]) {
      assert.ok([401, 403].includes((await outsider.get(deleteUrl)).statusCode));
      assert.ok([401, 403].includes((await outsider.post(deleteUrl, {})).statusCode));
    }
    const confirm = await browser.get(deleteUrl);
    assert.equal(confirm.statusCode, 200);
    assert.ok(!confirm.body.includes(XSS));
    assert.match(confirm.body, /1 document stays in the library/);
    const russianAdmin = await buildUser(t.services, { isPlatformAdmin: true, locale: "ru" });
    assert.match((await (await as(russianAdmin, "ru")).get(deleteUrl)).body, /1 документ останется в библиотеке/);
    assert.equal((await t.services.db.select().from(knowledgeCollections).where(eq(knowledgeCollections.id, collection.id))).length, 1, "seeing the step deletes nothing");

    const deleted = await browser.post(deleteUrl, {});
    assert.equal(deleted.statusCode, 303);
    assert.equal(deleted.headers.location, `${base()}/collections`);
    assert.equal((await t.services.db.select().from(knowledgeCollections).where(eq(knowledgeCollections.id, collection.id))).length, 0);
    const [document] = await t.services.db.select().from(knowledgeDocuments).where(eq(knowledgeDocuments.slug, "kept-entry"));
    assert.equal(document?.collectionId, null, "the document stays, out of the collection");
    assert.match((await (await as()).get(`${base()}/faq`)).body, /Still here\./);
    const [audit] = await t.services.db.select().from(auditLog).where(and(eq(auditLog.action, "knowledge.collection_deleted"), eq(auditLog.subjectId, collection.id)));
    assert.equal(audit?.actorUserId, coordinator.id);
    assert.equal(audit?.spaceId, space.id);
    assert.equal((await browser.post(deleteUrl, {})).statusCode, 404, "a collection is deleted once");
  });

  test("an upload of several files imports them all, or shows the report and saves nothing", async () => {
    const browser = await as(coordinator);
    await browser.get(`${base()}/import`);
    const upload = async (files: { name: string; text: string }[]) => {
      const boundary = "----convene-test";
      const parts = [`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${browser.cookie("convene_csrf")}\r\n`];
      for (const file of files) parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${file.name}"\r\nContent-Type: text/markdown\r\n\r\n${file.text}\r\n`);
      parts.push(`--${boundary}--\r\n`);
      return t.app.inject({ method: "POST", url: `${base()}/import`, payload: parts.join(""), headers: { "content-type": `multipart/form-data; boundary=${boundary}`, cookie: browser.cookieHeader(), accept: "text/html" } });
    };
    const good = (id: string) => ({ name: `${id}.md`, text: `---\nid: ${id}\nlang: en\ntitle: Uploaded ${id}\n---\nText of ${id}.\n` });
    const failed = await upload([good("up-one"), { name: "broken.md", text: `---\nid: broken\ntitle: ${XSS}\n---\nText` }]);
    assert.equal(failed.statusCode, 422);
    assert.match(failed.body, /Nothing was imported/);
    assert.match(failed.body, /“lang” is missing/);
    assert.equal((await (await as()).get(`${base()}/guidance/up-one`)).statusCode, 404);
    const done = await upload([good("up-one"), good("up-two")]);
    assert.equal(done.statusCode, 200);
    assert.match(done.body, /2 created/);
    assert.equal((await (await as()).get(`${base()}/guidance/up-two`)).statusCode, 200);
    const none = await upload([]);
    assert.equal(none.statusCode, 422);
    const faq = await upload([{ name: "faq-upload.md", text: "---\nid: faq-upload\nkind: faq\nlang: en\ntitle: Can I upload questions?\n---\nYes, with kind: faq.\n" }]);
    assert.equal(faq.statusCode, 200);
    assert.match((await (await as()).get(`${base()}/faq`)).body, /Can I upload questions\?[\s\S]*Yes, with kind: faq\./);
  });

  test("the platform hub is open to everyone; platform admins edit its guidance", async () => {
    assert.equal((await (await as()).get("/knowledge")).statusCode, 200);
    assert.equal((await (await as(undefined, "ru")).get("/knowledge/faq")).statusCode, 200);
    const browser = await as(admin);
    const created = await browser.post("/knowledge/guidance/new", { title: "Platform guide", slug: "platform-guide", language: "en", body: "Hello.", kind: "guidance", status: "published" });
    assert.equal(created.statusCode, 303);
    assert.equal((await (await as()).get("/knowledge/guidance/platform-guide")).statusCode, 200);
    assert.equal((await (await as()).get(`${base()}/guidance/platform-guide`)).statusCode, 404, "platform documents are not a space's");
  });
});
