import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { and, eq } from "drizzle-orm";
import { auditLog } from "../../platform/schema";
import { buildUser, XSS, type BuiltUser } from "../../testing/factories";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import type { Database } from "../../db/client";
import { importFramework } from "./commands/import-framework";
import { upsertReferenceFrameworks } from "./commands/upsert-reference-frameworks";
import { addSpaceRole, buildSpace, type BuiltSpace } from "./factories";
import { frameworkItemCount } from "./queries";
import { frameworkItems, frameworks, spaceFrameworks } from "./schema";

const ESCAPED_XSS = "&lt;script&gt;alert(1)&lt;/script&gt;";

/** A browser-like multipart/form-data body with text fields and one file. */
function multipart(fields: Record<string, string>, file: { name: string; filename: string; type: string; content: Buffer }): { payload: Buffer; contentType: string } {
  const boundary = "----convene-test-boundary";
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\nContent-Type: ${file.type}\r\n\r\n`));
  parts.push(file.content, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe("frameworks", () => {
  let t: TestApp;
  let space: BuiltSpace;
  let coordinator: BuiltUser;
  let browser: Browser;
  before(async () => {
    t = await createTestApp();
    space = await buildSpace(t.services);
    coordinator = await buildUser(t.services);
    await addSpaceRole(t.services, space.id, coordinator.id, "coordinator");
    browser = await new Browser(t.app).logIn(coordinator.email, coordinator.password);
  });
  after(async () => t.close());

  const counts = async () => ({ frameworks: (await t.services.db.select().from(frameworks)).length, items: (await t.services.db.select().from(frameworkItems)).length });

  it("seeds the reference frameworks with the expected sizes, idempotently, updating labels", async () => {
    assert.equal(await frameworkItemCount(t.services.db, "SUSTAINABLE-DEVELOPMENT-GOALS"), 17);
    const gbf = await t.services.db.select({ kind: frameworkItems.kind }).from(frameworkItems).innerJoin(frameworks, eq(frameworks.id, frameworkItems.frameworkId)).where(eq(frameworks.key, "GBF"));
    assert.equal(gbf.filter((item) => item.kind === "goal").length, 4);
    assert.equal(gbf.filter((item) => item.kind === "target").length, 23);
    assert.equal(await frameworkItemCount(t.services.db, "GCM"), 23);
    assert.equal(await frameworkItemCount(t.services.db, "AARHUS"), 3);
    assert.equal(await frameworkItemCount(t.services.db, "CBD-ACTION-AREAS"), 11);

    const before = await counts();
    const [target] = await t.services.db.select().from(frameworkItems).where(eq(frameworkItems.key, "GBF-TARGET-03"));
    await t.services.db.update(frameworkItems).set({ label: { en: "stale" } }).where(eq(frameworkItems.id, target.id));
    await upsertReferenceFrameworks(t.services);
    await upsertReferenceFrameworks(t.services);
    assert.deepEqual(await counts(), before);
    const [refreshed] = await t.services.db.select().from(frameworkItems).where(eq(frameworkItems.key, "GBF-TARGET-03"));
    assert.equal(refreshed.id, target.id, "items keep their ids, so links to them survive");
    assert.equal(refreshed.label.en, "Conserve 30% of Land, Waters and Seas");
    assert.ok(refreshed.label.ru);
    const [gbfRow] = await t.services.db.select().from(frameworks).where(eq(frameworks.key, "GBF"));
    assert.deepEqual(gbfRow.unofficialLocales, ["ru"]);
  });

  it("shows a framework's items with numbers, keys and labels, and an unofficial-translation note in Russian", async () => {
    const english = await new Browser(t.app).get("/frameworks/GBF");
    assert.equal(english.statusCode, 200);
    assert.match(english.body, /Target 3<\/span>\s*Conserve 30% of Land, Waters and Seas/);
    assert.match(english.body, /GBF-TARGET-03/);
    assert.ok(!english.body.includes('class="notice" role="note"'), "the English labels are the source's own");
    const russian = await new Browser(t.app, "ru").get("/frameworks/GBF");
    assert.match(russian.body, /Задача 3<\/span>\s*Сохранить 30 %/);
    assert.match(russian.body, /class="notice" role="note">[^<]*неофициальный перевод/);
    const sdgs = await new Browser(t.app, "ru").get("/frameworks/SUSTAINABLE-DEVELOPMENT-GOALS");
    assert.match(sdgs.body, /Ликвидация нищеты/);
    assert.ok(!sdgs.body.includes('role="note"'), "official Russian SDG titles carry no note");
    const list = await new Browser(t.app, "ru").get("/frameworks");
    assert.match(list.body, /Неофициальный перевод/);
    assert.equal((await new Browser(t.app).get("/frameworks/NOPE")).statusCode, 404);
    assert.equal((await new Browser(t.app).get("/frameworks/bad%20key")).statusCode, 404);
  });

  it("imports a pasted CSV after a preview: framework, items with hierarchy, link to the space, audit", async () => {
    const csv = "key,parent_key,number,kind,label_en,label_ru\nKZ-P1,,1,pillar,Information,Информация\nKZ-A1,KZ-P1,1.1,activity,\"Open data, in two languages\",Открытые данные\nKZ-A2,KZ-P1,1.2,activity,Only English,\n";
    const form = { key: "KZ-PLAN", "name.en": "Kazakhstan work plan", "name.ru": "План работы", source: "Memorandum 2018", format: "auto" };
    const preview = await browser.post(`/spaces/${space.slug}/frameworks/import`, { ...form, step: "preview", data: csv });
    assert.equal(preview.statusCode, 200);
    assert.match(preview.body, /3 items to import/);
    assert.match(preview.body, /Open data, in two languages/);
    assert.equal((await counts()).frameworks, 5, "a preview writes nothing");
    const hiddenData = /name="data" value="([^"]*)"/.exec(preview.body)?.[1] ?? "";
    assert.ok(hiddenData.includes("KZ-A2"), "the preview carries the data to the confirm step");

    const confirm = await browser.post(`/spaces/${space.slug}/frameworks/import`, { ...form, step: "confirm", data: csv });
    assert.equal(confirm.statusCode, 303);
    assert.equal(confirm.headers.location, "/frameworks/KZ-PLAN");
    const [framework] = await t.services.db.select().from(frameworks).where(eq(frameworks.key, "KZ-PLAN"));
    assert.equal(framework.ownerSpaceId, space.id);
    assert.deepEqual(framework.name, { en: "Kazakhstan work plan", ru: "План работы" });
    const items = await t.services.db.select().from(frameworkItems).where(eq(frameworkItems.frameworkId, framework.id)).orderBy(frameworkItems.position);
    assert.deepEqual(items.map((item) => [item.key, item.number, item.kind]), [["KZ-P1", "1", "pillar"], ["KZ-A1", "1.1", "activity"], ["KZ-A2", "1.2", "activity"]]);
    assert.equal(items[1].parentId, items[0].id);
    assert.equal((await t.services.db.select().from(spaceFrameworks).where(and(eq(spaceFrameworks.spaceId, space.id), eq(spaceFrameworks.frameworkId, framework.id)))).length, 1);
    const [entry] = await t.services.db.select().from(auditLog).where(and(eq(auditLog.action, "framework.imported"), eq(auditLog.spaceId, space.id)));
    assert.deepEqual(entry.details, { key: "KZ-PLAN", itemCount: 3 });
    assert.equal(entry.actorUserId, coordinator.id);

    const page = await new Browser(t.app, "ru").get("/frameworks/KZ-PLAN");
    assert.match(page.body, /<li id="item-KZ-P1">[\s\S]*<ul class="stack"><li id="item-KZ-A1">/, "children are nested under their parent");
    assert.match(page.body, /<span lang="en">Only English<\/span> <span class="lang-note">/, "a label missing in Russian is marked as shown in English");
    assert.match((await new Browser(t.app).get(`/spaces/${space.slug}`)).body, /\/frameworks\/KZ-PLAN/);
  });

  it("imports an uploaded CSV file (Windows-1251, semicolons) sent as multipart", async () => {
    const content = Buffer.from(new Uint8Array([...Buffer.from("key;label_ru\nUP-1;"), 0xc2, 0xee, 0xe4, 0xe0, 0x0a])); // "Вода" in Windows-1251
    const csrf = browser.cookie("convene_csrf") ?? "";
    const body = multipart({ _csrf: csrf, key: "UPLOADED", "name.en": "Uploaded", data: "", format: "auto", step: "confirm" }, { name: "file", filename: "plan.csv", type: "text/csv", content });
    const response = await t.app.inject({ method: "POST", url: `/spaces/${space.slug}/frameworks/import`, payload: body.payload, headers: { "content-type": body.contentType, cookie: browser.cookieHeader(), accept: "text/html" } });
    assert.equal(response.statusCode, 303, response.body.slice(0, 300));
    const [item] = await t.services.db.select().from(frameworkItems).where(eq(frameworkItems.key, "UP-1"));
    assert.deepEqual(item.label, { ru: "Вода" });
  });

  it("imports pasted JSON", async () => {
    const json = JSON.stringify({ items: [{ key: "J1", label: { en: "One", ru: "Один" }, kind: "goal", number: 1 }, { key: "J2", parent_key: "J1", label_en: "Two" }] }, null, 2);
    const response = await browser.post(`/spaces/${space.slug}/frameworks/import`, { key: "JSON-PLAN", "name.en": "JSON plan", step: "confirm", data: json, format: "json" });
    assert.equal(response.statusCode, 303);
    assert.equal(await frameworkItemCount(t.services.db, "JSON-PLAN"), 2);
  });

  it("imports nothing when any row is wrong and shows every problem with its line, keeping the input", async () => {
    const before = await counts();
    const auditBefore = (await t.services.db.select().from(auditLog).where(eq(auditLog.action, "framework.imported"))).length;
    const csv = "key,parent_key,label_en\nGOOD-1,,Fine\n,,No key\nGOOD-1,,Duplicate\nC1,MISSING,Orphan\nbad key,,Bad\nL1,L2,Loop one\nL2,L1,Loop two\nEMPTY,,\n";
    const response = await browser.post(`/spaces/${space.slug}/frameworks/import`, { key: "BROKEN", "name.en": "Broken", step: "confirm", data: csv });
    assert.equal(response.statusCode, 422);
    assert.deepEqual(await counts(), before, "nothing half-imported");
    assert.equal((await t.services.db.select().from(auditLog).where(eq(auditLog.action, "framework.imported"))).length, auditBefore);
    const rows = [...response.body.matchAll(/<tr><td>(\d+)<\/td><td>(?:<code>)?([^<]*)(?:<\/code>)?<\/td><td>([^<]*)<\/td><\/tr>/g)].map((match) => `${match[1]}:${match[2]}`);
    assert.deepEqual(rows, ["3:key", "4:key", "5:parent_key", "6:key", "7:parent_key", "8:parent_key", "9:label"]);
    assert.match(response.body, /already used on line 2/);
    assert.match(response.body, /Nothing was imported: 7 problems/);
    assert.match(response.body, /GOOD-1,,Fine/, "the pasted text is kept");
    assert.match(response.body, /value="BROKEN"/);
  });

  it("rolls everything back when writing the items fails half-way", async () => {
    const before = await counts();
    const auditBefore = (await t.services.db.select().from(auditLog)).length;
    const db = t.services.db;
    // A database whose item inserts fail, as a full disk or a lost connection would, after the framework row is written.
    const failingDb = Object.create(db) as Database;
    failingDb.transaction = ((run: (tx: Database) => Promise<unknown>) =>
      db.transaction(async (tx) => {
        const failingTx = Object.create(tx) as typeof tx;
        failingTx.insert = ((table: unknown) => {
          if (table === frameworkItems) throw new Error("disk full");
          return tx.insert(table as typeof frameworks);
        }) as typeof tx.insert;
        return run(failingTx);
      })) as Database["transaction"];
    await assert.rejects(
      importFramework({ ...t.services, db: failingDb }, { id: coordinator.id }, space.id, {
        meta: { key: "HALF-WAY", name: { en: "Half way" } },
        rows: [{ line: 2, values: { key: "A", label_en: "a" } }],
      }),
      /disk full/,
    );
    assert.deepEqual(await counts(), before);
    assert.equal((await t.services.db.select().from(auditLog)).length, auditBefore);
  });

  it("keeps the form with errors for a missing name, a taken key or no data", async () => {
    const noName = await browser.post(`/spaces/${space.slug}/frameworks/import`, { key: "NEW-ONE", step: "preview", data: "key,label_en\nA,x\n" });
    assert.equal(noName.statusCode, 422);
    assert.match(noName.body, /id="field-name-error"/);
    const taken = await browser.post(`/spaces/${space.slug}/frameworks/import`, { key: "GBF", "name.en": "Mine", step: "preview", data: "key,label_en\nA,x\n" });
    assert.equal(taken.statusCode, 409);
    assert.match(taken.body, /id="field-key-error"/);
    const empty = await browser.post(`/spaces/${space.slug}/frameworks/import`, { key: "NEW-ONE", "name.en": "x", step: "preview", data: "  " });
    assert.equal(empty.statusCode, 422);
    assert.match(empty.body, /id="field-data-error"/);
    const back = await browser.post(`/spaces/${space.slug}/frameworks/import`, { key: "NEW-ONE", "name.en": "Kept name", step: "edit", data: "key,label_en\nA,x\n" });
    assert.equal(back.statusCode, 200);
    assert.match(back.body, /value="Kept name"/);
  });

  it("escapes labels and names of an imported framework on its page, the list and the preview", async () => {
    const csv = `key,label_en\nX1,"${XSS} label"\n`;
    const preview = await browser.post(`/spaces/${space.slug}/frameworks/import`, { key: "XSS-PLAN", "name.en": `${XSS} name`, step: "preview", data: csv });
    assert.equal(preview.statusCode, 200);
    assert.ok(!preview.body.includes(XSS));
    assert.equal((await browser.post(`/spaces/${space.slug}/frameworks/import`, { key: "XSS-PLAN", "name.en": `${XSS} name`, step: "confirm", data: csv })).statusCode, 303);
    for (const url of ["/frameworks/XSS-PLAN", "/frameworks", `/spaces/${space.slug}`]) {
      const page = await browser.get(url);
      assert.ok(!page.body.includes(XSS), url);
      assert.ok(page.body.includes(ESCAPED_XSS), url);
    }
  });
});
