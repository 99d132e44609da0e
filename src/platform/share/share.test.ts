import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import sharp from "sharp";
import { eq } from "drizzle-orm";
import { buildCommitment } from "../../modules/commitments/factories";
import { commitments } from "../../modules/commitments/schema";
import { buildSpace } from "../../modules/spaces/factories";
import { createTestApp, type TestApp } from "../../testing/harness";
import { renderShareCard, shareCardSvg, wrapTitle } from "./card";
import { shareImagePath } from "./links";
import { ByteLru } from "./routes";

const text = (value: string) => ({ en: value, ru: value });

/** The share card path a page puts in its og:image. */
async function cardPathOf(t: TestApp, path: string, locale = "en"): Promise<string> {
  const response = await t.app.inject({ method: "GET", url: path, headers: { accept: "text/html", "accept-language": locale } });
  assert.equal(response.statusCode, 200, path);
  const url = /<meta property="og:image" content="([^"]+)">/.exec(response.body)?.[1];
  assert.ok(url, `${path} has an og:image`);
  return url.replace("http://convene.test", "");
}

describe("share cards (Open Graph images)", () => {
  let t: TestApp;
  let spaceSlug = "";
  const numbers: number[] = [];

  before(async () => {
    t = await createTestApp();
    const space = await buildSpace(t.services, { slug: "share-space", title: text("Basel Convention"), enabledModules: ["commitments"] });
    spaceSlug = space.slug;
    for (const title of ["Cut plastic waste by half", "Restore 300 hectares of wetland"]) {
      numbers.push((await buildCommitment(t.services, { spaceId: space.id, spaceSlug: space.slug, status: "published", title: text(title) })).number);
    }
  });
  after(() => t.close());

  it("serves a 1200×630 PNG for a page, cacheable, and a different one for a different title", async () => {
    const first = await cardPathOf(t, `/spaces/${spaceSlug}/commitments/${numbers[0]}`);
    const second = await cardPathOf(t, `/spaces/${spaceSlug}/commitments/${numbers[1]}`);
    assert.notEqual(first, second);
    const [a, b] = await Promise.all([first, second].map((url) => t.app.inject({ method: "GET", url })));
    assert.equal(a!.statusCode, 200);
    assert.equal(a!.headers["content-type"], "image/png");
    assert.match(String(a!.headers["cache-control"]), /public, max-age=\d+/);
    const meta = await sharp(a!.rawPayload).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ["png", 1200, 630]);
    assert.notDeepEqual(a!.rawPayload, b!.rawPayload);
    const again = await t.app.inject({ method: "GET", url: first });
    assert.deepEqual(again.rawPayload, a!.rawPayload, "the cached card is the same");
  });

  it("renders no text that is not signed: altered, unsigned or malformed names are 404, never 500", async () => {
    const genuine = await cardPathOf(t, `/spaces/${spaceSlug}/commitments/${numbers[0]}`);
    const [, payload, mac] = /^\/og\/([\w-]+)\.([\w-]+)\.png$/.exec(genuine)!;
    const forged = Buffer.from(JSON.stringify({ k: "commitment", t: "Buy cheap pills", c: "", l: "en" })).toString("base64url");
    const flipped = `${mac!.slice(0, -2)}${mac!.endsWith("AA") ? "BA" : "AA"}`;
    for (const url of [`/og/${forged}.${mac}.png`, `/og/${payload}.${flipped}.png`, `/og/${payload}.png`, `/og/${payload}.${mac}.svg`, "/og/%00.png", `/og/${"a".repeat(5000)}.${mac}.png`, "/og/..%2F..%2Fetc.png", `/og/x/${payload}.${mac}.png`]) {
      const response = await t.app.inject({ method: "GET", url });
      assert.equal(response.statusCode, 404, url);
    }
  });

  it("a private space's commitment page is not public, so it has no card to share", async () => {
    const hidden = await buildSpace(t.services, { slug: "share-hidden", title: text("Closed group"), visibility: "private", enabledModules: ["commitments"] });
    const commitment = await buildCommitment(t.services, { spaceId: hidden.id, spaceSlug: hidden.slug, status: "published", title: text("Secret plan") });
    const response = await t.app.inject({ method: "GET", url: `/spaces/${hidden.slug}/commitments/${commitment.number}`, headers: { accept: "text/html" } });
    assert.notEqual(response.statusCode, 200);
    assert.doesNotMatch(response.body, /\/og\//);
  });

  it("draws a card only while its page is public: an item made private or deleted loses its card, and gets it back", async () => {
    const space = await buildSpace(t.services, { slug: "share-going-private", title: text("Minamata"), enabledModules: ["commitments"] });
    const commitment = await buildCommitment(t.services, { spaceId: space.id, spaceSlug: space.slug, status: "published", title: text("Phase out mercury thermometers") });
    const card = await cardPathOf(t, `/spaces/${space.slug}/commitments/${commitment.number}`);
    const status = async () => (await t.app.inject({ method: "GET", url: card })).statusCode;
    assert.equal(await status(), 200);
    // Back to draft: only its owner and reviewers see it now, so the card (cached or not) is not drawn for anyone.
    await t.services.db.update(commitments).set({ status: "draft" }).where(eq(commitments.id, commitment.id));
    assert.equal(await status(), 404);
    await t.services.db.update(commitments).set({ status: "published" }).where(eq(commitments.id, commitment.id));
    assert.equal(await status(), 200);
    await t.services.db.delete(commitments).where(eq(commitments.id, commitment.id));
    assert.equal(await status(), 404);
  });

  it("signs the page's language and kind into the card", async () => {
    const path = await cardPathOf(t, `/spaces/${spaceSlug}/commitments/${numbers[0]}`, "ru");
    const payload = JSON.parse(Buffer.from(/^\/og\/([\w-]+)\./.exec(path)![1]!, "base64url").toString("utf8")) as Record<string, string>;
    assert.deepEqual([payload.k, payload.l, payload.c], ["commitment", "ru", "Basel Convention"]);
    assert.ok(shareImagePath({ kind: "event", title: "x", context: "", locale: "en", path: "/events" })?.startsWith("/og/"));
    assert.equal(payload.p, `/spaces/${spaceSlug}/commitments/${numbers[0]}`);
    for (const path of ["//evil.example/x", "https://evil.example/", "/og/x.png", `/${"a".repeat(500)}`]) assert.equal(shareImagePath({ kind: "page", title: "x", context: "", locale: "en", path }), undefined, path);
  });
});

describe("share card drawing", () => {
  it("keeps markup in a title as text in the SVG", async () => {
    const svg = shareCardSvg({ title: `</text><script>alert(1)</script> & "quoted" <b>`, kindLabel: "Event <x>", context: "A & B", locale: "en", dir: "ltr" });
    assert.doesNotMatch(svg, /<script>|<b>|<x>/);
    assert.match(svg, /&#60;\/text&#62;&#60;script&#62;/);
    const meta = await sharp(Buffer.from(svg)).metadata();
    assert.equal(meta.width, 1200);
  });

  it("wraps a long title to three lines ending in an ellipsis, and Chinese between characters", () => {
    const lines = wrapTitle("word ".repeat(80), 16);
    assert.equal(lines.length, 3);
    assert.ok(lines[2]!.endsWith("…"));
    assert.deepEqual(wrapTitle("Short title", 16), ["Short title"]);
    const chinese = wrapTitle("到2030年前将沿海城市的塑料废物减少百分之四十并建立区域合作机制以便长期监测和报告进展情况以及更多内容", 10);
    assert.equal(chinese.length, 3);
    assert.ok(chinese.every((line) => line.length <= 16));
  });

  it("draws Arabic right to left and Chinese without throwing", async () => {
    const arabic = shareCardSvg({ title: "الحد من النفايات البلاستيكية", kindLabel: "التزام", context: "اتفاقية بازل", locale: "ar", dir: "rtl" });
    assert.match(arabic, /direction="rtl"/);
    assert.match(arabic, /x="1120"/, "text starts at the right margin");
    for (const card of [
      { title: "الحد من النفايات البلاستيكية في المدن الساحلية", kindLabel: "التزام", context: "اتفاقية بازل", locale: "ar", dir: "rtl" as const },
      { title: "到2030年前将沿海城市的塑料废物减少一半", kindLabel: "承诺", context: "巴塞尔公约", locale: "zh", dir: "ltr" as const },
    ]) {
      const meta = await sharp(await renderShareCard(card)).metadata();
      assert.deepEqual([meta.width, meta.height], [1200, 630]);
    }
  });

  it("keeps the cache within its byte budget, dropping the least recently used", () => {
    const cache = new ByteLru(100);
    cache.set("a", Buffer.alloc(40));
    cache.set("b", Buffer.alloc(40));
    cache.get("a");
    cache.set("c", Buffer.alloc(40));
    assert.equal(cache.get("b"), undefined);
    assert.ok(cache.get("a") && cache.get("c"));
    assert.ok(cache.size <= 100);
    cache.set("huge", Buffer.alloc(500));
    assert.equal(cache.get("huge"), undefined);
  });
});
