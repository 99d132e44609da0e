import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { sql } from "drizzle-orm";
import { createTestApp, type TestApp } from "../../testing/harness";
import { buildUser } from "../../testing/factories";
import { addMember, buildOrganisation } from "../organisations/factories";
import { buildSpace } from "../spaces/factories";
import { proposeStory } from "./commands/save-post";
import { buildPost } from "./factories";
import { newsPersonalData } from "./personal-data";
import { findPostById } from "./queries";
import { newsSearchProvider } from "./search";
import { checkedNewsFields } from "./inputs";

describe("news: personal data and site search", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ isReferenceSeeded: false });
  });
  after(() => t.close());

  it("exports the posts a person wrote and, when the account goes, deletes unpublished proposals and drops them from authors", async () => {
    const space = await buildSpace(t.services, { enabledModules: ["news"] });
    const author = await buildUser(t.services);
    const organisation = await buildOrganisation(t.services);
    await addMember(t.services, organisation.id, author.id);
    const fields = await checkedNewsFields(t.services.db, { kind: "story", title: { en: "Pending proposal" } });
    const proposal = await proposeStory(t.services, { id: author.id }, space.id, fields, organisation.id);
    const published = await buildPost(t.services, { space });
    await t.services.db.execute(sql`update news_posts set author_ids = array_append(author_ids, ${author.id}::uuid) where id = ${published.id}`);
    const exported = (await newsPersonalData.exportFor(t.services.db, author.id)) as { posts: { id: string }[] };
    assert.deepEqual(exported.posts.map((post) => post.id).sort(), [proposal.id, published.id].sort());
    await newsPersonalData.onAccountDeleted!(t.services.db, author.id);
    assert.equal(await findPostById(t.services.db, proposal.id), undefined);
    assert.ok(!(await findPostById(t.services.db, published.id))!.authorIds.includes(author.id));
  });

  it("finds published posts the viewer may see, never drafts", async () => {
    const space = await buildSpace(t.services, { enabledModules: ["news"] });
    const post = await buildPost(t.services, { space, title: { en: "Steppe restoration workshop", ru: "Семинар по восстановлению степи" } });
    await buildPost(t.services, { space, status: "draft", title: { en: "Steppe restoration draft" } });
    const query = { text: "steppe restoration", stems: ["stepp", "restor"], corrections: {}, concepts: [], language: "en" as const, locale: "en" };
    const answer = await newsSearchProvider.search(t.services, query, undefined, 10);
    assert.deepEqual(answer.hits.map((hit) => hit.id), [post.id]);
    assert.equal(answer.hits[0]!.url, `/spaces/${space.slug}/news/${post.slug}`);
  });
});
