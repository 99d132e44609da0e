import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq, sql } from "drizzle-orm";
import { queryRows } from "../../../db/sql";
import { createTestApp, type TestApp } from "../../../testing/harness";
import { XSS } from "../../../testing/factories";
import { knowledgeDocuments, knowledgeDocumentVersions, knowledgeSections } from "../schema";
import { saveDocument, type DocumentFields } from "./commands/save-document";

const BODY = `Intro before any heading.

## Кто может подать заявку

Любая некоммерческая организация. ${XSS}

\`\`\`
## not a heading inside code
\`\`\`

### Сроки

Заявки принимаются до 1 марта.

## Кто может подать заявку

A repeated heading gets its own anchor.
`;

describe("saving a guidance document", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const fields = (overrides: Partial<DocumentFields> = {}): DocumentFields => ({
    spaceId: null,
    slug: `doc-${Math.random().toString(36).slice(2, 10)}`,
    kind: "guidance",
    language: "ru",
    title: "Подача заявок на участие",
    tags: ["заявки"],
    bodyMd: BODY,
    status: "published",
    translationOfSlug: null,
    collectionId: null,
    ...overrides,
  });
  const save = (input: DocumentFields) => t.services.db.transaction((tx) => saveDocument(tx, input, { actorUserId: null, source: "import", now: new Date() }));

  test("cuts the text at ## and ### headings (not inside code), escapes raw HTML and analyses every section", async () => {
    const saved = await save(fields());
    assert.equal(saved.isNew, true);
    const sections = await t.services.db.select().from(knowledgeSections).where(eq(knowledgeSections.documentId, saved.id)).orderBy(knowledgeSections.position);
    assert.deepEqual(
      sections.map((part) => [part.position, part.level, part.heading, part.anchor]),
      [
        [0, 1, "Подача заявок на участие", "intro"],
        [1, 2, "Кто может подать заявку", "кто-может-подать-заявку"],
        [2, 3, "Сроки", "сроки"],
        [3, 2, "Кто может подать заявку", "кто-может-подать-заявку-2"],
      ],
    );
    assert.ok(sections[1]!.bodyText.includes("## not a heading inside code"));
    assert.ok(!sections[1]!.bodyHtml.includes("<script"), "raw HTML is escaped");
    assert.ok(sections[1]!.stems.includes("заявк"), "heading stems are in the section's stems");
    const [document] = await t.services.db.select().from(knowledgeDocuments).where(eq(knowledgeDocuments.id, saved.id));
    assert.match(document!.bodyHtml, /<h3 id="сроки">Сроки<\/h3>/);
    const [found] = await queryRows<{ count: number }>(t.services.db, sql`select count(*)::int as count from knowledge_sections where document_id = ${saved.id} and lexemes @@ to_tsquery('simple', 'срок')`);
    assert.equal(found!.count, 1, "the tsvector finds the section by a stem");
  });

  test("saving the same text again records no new version; a changed text does and rewrites the sections", async () => {
    const input = fields();
    const first = await save(input);
    const again = await save(input);
    assert.deepEqual([again.isChanged, again.version], [false, 1]);
    const changed = await save({ ...input, bodyMd: "## Только один раздел\n\nТекст." });
    assert.deepEqual([changed.id, changed.isChanged, changed.version], [first.id, true, 2]);
    const versions = await t.services.db.select().from(knowledgeDocumentVersions).where(eq(knowledgeDocumentVersions.documentId, first.id));
    assert.equal(versions.length, 2);
    const sections = await t.services.db.select().from(knowledgeSections).where(eq(knowledgeSections.documentId, first.id));
    assert.deepEqual(sections.map((part) => part.heading), ["Только один раздел"]);
  });

  test("a translation must name an existing original, and not itself", async () => {
    const original = await save(fields({ language: "en", title: "Applying" }));
    const translation = await save(fields({ translationOfSlug: original.slug }));
    const [row] = await t.services.db.select().from(knowledgeDocuments).where(eq(knowledgeDocuments.id, translation.id));
    assert.equal(row!.translationOf, original.id);
    await assert.rejects(save(fields({ translationOfSlug: "no-such-document" })), (error: { code?: string }) => error.code === "validation_failed");
    const self = fields();
    await assert.rejects(save({ ...self, translationOfSlug: self.slug }), (error: { code?: string }) => error.code === "validation_failed");
  });
});

describe("reading a guidance file's front matter", () => {
  test("reads id, lang, title, tags and translation_of, and reports each problem against its field", async () => {
    const { parseGuidanceFile } = await import("./front-matter");
    const good = parseGuidanceFile("---\nid: observer-accreditation-ru\nlang: ru\ntitle: Аккредитация\ntags: [наблюдатели, аккредитация]\ntranslation_of: observer-accreditation\n---\n## Кто может\n\nТекст.\n");
    assert.deepEqual(good, { ok: true, document: { slug: "observer-accreditation-ru", kind: null, language: "ru", title: "Аккредитация", tags: ["наблюдатели", "аккредитация"], translationOfSlug: "observer-accreditation", bodyMd: "## Кто может\n\nТекст.\n" } });
    const bad = parseGuidanceFile("---\nid: Bad Id\nlang: fr\ntags: {a: 1}\n---\n");
    assert.equal(bad.ok, false);
    assert.deepEqual(Object.keys(bad.ok ? {} : bad.errors).sort(), ["body", "id", "lang", "tags", "title"]);
    const broken = parseGuidanceFile("---\nid: x\n  bad: [unclosed\n---\ntext");
    assert.equal(!broken.ok && broken.errors.file?.key, "knowledge.import.error.front_matter");
    const none = parseGuidanceFile("# Just Markdown\n\ntext");
    assert.equal(!none.ok && none.errors.file?.key, "knowledge.import.error.no_front_matter");
  });
});

test("a title with a colon in it, invalid as YAML, is still read the way its author meant it", async () => {
  const { parseGuidanceFile } = await import("./front-matter");
  const parsed = parseGuidanceFile("---\nid: mercury-primer\nlang: en\ntitle: Mercury: a primer\ntags: [mercury, health]\ntranslation_of: null\n---\nText.\n");
  assert.deepEqual(parsed.ok && [parsed.document.title, parsed.document.tags, parsed.document.translationOfSlug], ["Mercury: a primer", ["mercury", "health"], null]);
});
