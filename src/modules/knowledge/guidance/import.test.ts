import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { eq, sql } from "drizzle-orm";
import { queryRows } from "../../../db/sql";
import { createTestApp, type TestApp } from "../../../testing/harness";
import { buildSpace } from "../../spaces/factories";
import { knowledgeDocuments } from "../schema";
import { formatImportReport, importGuidance, importGuidanceCli, readGuidanceFolder, type ImportFile } from "./commands/import-guidance";

const CORPUS = join(import.meta.dirname, "../../../../bench/answers/corpus");

const file = (name: string, text: string): ImportFile => ({ name, bytes: Buffer.from(text, "utf8") });
const doc = (id: string, extra = "", body = "Some text.\n\n## Part\n\nMore.") => `---\nid: ${id}\nlang: en\ntitle: Title of ${id}\n${extra}---\n${body}\n`;

describe("importing guidance files", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const count = async (spaceId: string) => (await queryRows<{ n: number }>(t.services.db, sql`select count(*)::int as n from knowledge_documents where space_id = ${spaceId}`))[0]!.n;

  test("imports the 50-file evaluation corpus cleanly, and a second import reports every file unchanged with no new version", async () => {
    const space = await buildSpace(t.services, { enabledModules: ["knowledge"] });
    const files = readGuidanceFolder(CORPUS);
    assert.equal(files.length, 50);
    const first = await importGuidance(t.services, { spaceId: space.id }, null, files);
    assert.equal(first.isImported, true, formatImportReport(first));
    assert.equal(first.files.filter((entry) => entry.outcome === "created").length, 50);
    const translations = await queryRows<{ n: number }>(t.services.db, sql`select count(*)::int as n from knowledge_documents where space_id = ${space.id} and translation_of is not null`);
    assert.ok(translations[0]!.n > 0, "translations are linked to their originals");
    const again = await importGuidance(t.services, { spaceId: space.id }, null, readGuidanceFolder(CORPUS));
    assert.equal(again.isImported, true);
    assert.deepEqual(new Set(again.files.map((entry) => entry.outcome)), new Set(["unchanged"]));
    const versions = await queryRows<{ n: number }>(t.services.db, sql`select count(*)::int as n from knowledge_document_versions v join knowledge_documents d on d.id = v.document_id where d.space_id = ${space.id}`);
    assert.equal(versions[0]!.n, 50);
  });

  test("saves nothing when one file is malformed, and reports every problem by file and field", async () => {
    const space = await buildSpace(t.services, { enabledModules: ["knowledge"] });
    const report = await importGuidance(t.services, { spaceId: space.id }, null, [
      file("good.md", doc("good-one")),
      file("no-lang.md", "---\nid: no-lang\ntitle: T\n---\nText"),
      file("bad-id.md", doc("Bad Id!")),
      file("notes.txt", "plain"),
    ]);
    assert.equal(report.isImported, false);
    assert.equal(await count(space.id), 0);
    const byFile = Object.fromEntries(report.files.map((entry) => [entry.file, entry]));
    assert.deepEqual(Object.keys(byFile["no-lang.md"]!.errors), ["lang"]);
    assert.deepEqual(Object.keys(byFile["bad-id.md"]!.errors), ["id"]);
    assert.ok(byFile["notes.txt"]!.errors.file);
    assert.deepEqual(byFile["good.md"]!.errors, {});
    assert.match(formatImportReport(report, "ru"), /Ничего не импортировано/);
  });

  test("refuses duplicate ids within one import, naming the other file", async () => {
    const space = await buildSpace(t.services, { enabledModules: ["knowledge"] });
    const report = await importGuidance(t.services, { spaceId: space.id }, null, [file("a.md", doc("same")), file("b.md", doc("same"))]);
    assert.equal(report.isImported, false);
    assert.equal(report.files[0]!.errors.id!.key, "knowledge.import.error.id_duplicate");
    assert.equal(report.files[0]!.errors.id!.values!.files, "b.md");
    assert.equal(await count(space.id), 0);
  });

  test("links a translation to an original later in the same folder, or to one already imported; an unknown original is an error", async () => {
    const space = await buildSpace(t.services, { enabledModules: ["knowledge"] });
    const report = await importGuidance(t.services, { spaceId: space.id }, null, [file("a-ru.md", doc("a-ru", "translation_of: z-original\n").replace("lang: en", "lang: ru")), file("z.md", doc("z-original"))]);
    assert.equal(report.isImported, true, formatImportReport(report));
    const [original] = await t.services.db.select().from(knowledgeDocuments).where(eq(knowledgeDocuments.slug, "z-original"));
    const [translation] = await t.services.db.select().from(knowledgeDocuments).where(eq(knowledgeDocuments.slug, "a-ru"));
    assert.equal(translation!.translationOf, original!.id);
    const later = await importGuidance(t.services, { spaceId: space.id }, null, [file("b-ru.md", doc("b-ru", "translation_of: z-original\n"))]);
    assert.equal(later.isImported, true);
    // A translation of a translation joins the first original's group.
    const chained = await importGuidance(t.services, { spaceId: space.id }, null, [file("c-ru.md", doc("c-ru", "translation_of: a-ru\n"))]);
    assert.equal(chained.isImported, true);
    const [third] = await t.services.db.select().from(knowledgeDocuments).where(eq(knowledgeDocuments.slug, "c-ru"));
    assert.equal(third!.translationOf, original!.id);
    // Making the original a translation of its own translation would be a loop: refused, nothing saved.
    const loop = await importGuidance(t.services, { spaceId: space.id }, null, [file("z.md", doc("z-original", "translation_of: a-ru\n"))]);
    assert.equal(loop.isImported, false);
    assert.equal(loop.files[0]!.errors.translation_of!.key, "knowledge.document.error.translation_of_self");
    const missing = await importGuidance(t.services, { spaceId: space.id }, null, [file("c.md", doc("c-doc", "translation_of: nowhere\n"))]);
    assert.equal(missing.isImported, false);
    assert.equal(missing.files[0]!.errors.translation_of!.key, "knowledge.document.error.translation_of_missing");
  });

  test("updates a changed file in place with a new version and leaves the others unchanged", async () => {
    const space = await buildSpace(t.services, { enabledModules: ["knowledge"] });
    await importGuidance(t.services, { spaceId: space.id }, null, [file("a.md", doc("alpha")), file("b.md", doc("beta"))]);
    const report = await importGuidance(t.services, { spaceId: space.id }, null, [file("a.md", doc("alpha", "", "New text.")), file("b.md", doc("beta"))]);
    assert.deepEqual(
      report.files.map((entry) => [entry.id, entry.outcome, entry.version]),
      [
        ["alpha", "updated", 2],
        ["beta", "unchanged", 1],
      ],
    );
    assert.equal(await count(space.id), 2);
  });

  test("imports FAQ entries (kind: faq; title the question, body the answer) from the CLI, every file or none", async () => {
    const space = await buildSpace(t.services, { enabledModules: ["knowledge"] });
    const folder = mkdtempSync(join(tmpdir(), "convene-faq-"));
    try {
      writeFileSync(join(folder, "join.md"), "---\nid: how-to-join\nkind: faq\nlang: en\ntitle: How do I join?\n---\nPress **Join** on the space page.\n");
      writeFileSync(join(folder, "join-ru.md"), "---\nid: how-to-join-ru\nkind: faq\nlang: ru\ntitle: Как вступить?\ntranslation_of: how-to-join\n---\nНажмите «Вступить».\n");
      writeFileSync(join(folder, "guide.md"), doc("plain-guide"));
      writeFileSync(join(folder, "odd.md"), "---\nid: odd-kind\nkind: poem\nlang: en\ntitle: Odd\n---\nText.\n");
      const output: string[] = [];
      const io = { stdout: { write: (text: string) => output.push(text) }, stderr: { write: (text: string) => output.push(text) } };
      assert.equal(await importGuidanceCli(t.services, ["--space", space.slug, "--dir", folder], io), 1, "one bad kind and nothing is imported");
      assert.equal(await count(space.id), 0);
      assert.match(output.join(""), /odd\.md: not imported\n {4}kind: “kind” “poem” is not a kind of document/);

      rmSync(join(folder, "odd.md"));
      assert.equal(await importGuidanceCli(t.services, ["--space", space.slug, "--dir", folder], io), 0);
      const rows = await t.services.db.select({ slug: knowledgeDocuments.slug, kind: knowledgeDocuments.kind, title: knowledgeDocuments.title, bodyMd: knowledgeDocuments.bodyMd }).from(knowledgeDocuments).where(eq(knowledgeDocuments.spaceId, space.id));
      const bySlug = Object.fromEntries(rows.map((row) => [row.slug, row]));
      assert.equal(bySlug["how-to-join"]?.kind, "faq");
      assert.equal(bySlug["how-to-join"]?.title, "How do I join?");
      assert.match(bySlug["how-to-join"]?.bodyMd ?? "", /^Press \*\*Join\*\*/);
      assert.equal(bySlug["how-to-join-ru"]?.kind, "faq");
      assert.equal(bySlug["plain-guide"]?.kind, "guidance", "no kind is guidance, as before");
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  test("the CLI exits 1 and prints the report when a file is bad, 0 when all import, 2 without its arguments", async () => {
    const space = await buildSpace(t.services, { enabledModules: ["knowledge"] });
    const output: string[] = [];
    const io = { stdout: { write: (text: string) => output.push(text) }, stderr: { write: (text: string) => output.push(text) } };
    assert.equal(await importGuidanceCli(t.services, ["--space", space.slug], io), 2);
    assert.equal(await importGuidanceCli(t.services, ["--space", space.slug, "--dir", CORPUS], io), 0);
    assert.match(output.join(""), /50 created/);
    assert.equal(await importGuidanceCli(t.services, ["--space", "no-such-space", "--dir", CORPUS], io), 1);
    assert.equal(await importGuidanceCli(t.services, ["--platform", "--dir", join(CORPUS, "missing")], io), 1);
  });
});
