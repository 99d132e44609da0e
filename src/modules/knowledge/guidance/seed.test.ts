import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { queryRows } from "../../../db/sql";
import { seedDemo } from "../../../platform/demo";
import { Browser, createTestApp, type TestApp } from "../../../testing/harness";

describe("demo guidance and FAQ", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  test("a platform collection, a FAQ and a space's guidance in both languages, some translated; seeding twice adds nothing", async () => {
    await seedDemo(t.services);
    const counts = () =>
      queryRows<{ space: string | null; kind: string; language: string; translated: boolean; n: number }>(
        t.services.db,
        sql`select s.slug as space, d.kind, d.language, d.translation_of is not null as translated, count(*)::int as n
            from knowledge_documents d left join spaces s on s.id = d.space_id group by 1, 2, 3, 4 order by 1, 2, 3, 4`,
      );
    const first = await counts();
    const versions = (await queryRows<{ n: number }>(t.services.db, sql`select count(*)::int as n from knowledge_document_versions`))[0]!.n;
    await seedDemo(t.services);
    assert.deepEqual(await counts(), first);
    assert.equal((await queryRows<{ n: number }>(t.services.db, sql`select count(*)::int as n from knowledge_document_versions`))[0]!.n, versions);
    const platform = first.filter((row) => row.space === null);
    assert.ok(platform.some((row) => row.kind === "guidance" && row.language === "ru" && row.translated));
    assert.ok(platform.some((row) => row.kind === "faq" && row.language === "en"));
    assert.ok(first.some((row) => row.space === "aarhus-kazakhstan-2018-2020" && row.kind === "guidance"));
    const page = await new Browser(t.app, "ru").get("/knowledge/guidance");
    assert.match(page.body, /Первые шаги/);
    const space = await new Browser(t.app).get("/spaces/aarhus-kazakhstan-2018-2020/knowledge/faq");
    assert.match(space.body, /Who can join the programme\?/);
  });
});
