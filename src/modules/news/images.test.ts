import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import sharp from "sharp";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import { buildUser } from "../../testing/factories";
import { addSpaceRole } from "../spaces/factories";
import { buildPost, type BuiltPost } from "./factories";
import { imagesOfPosts } from "./queries";

/** A multipart/form-data body the way a browser sends the picture form. */
function multipart(fields: Record<string, string>, file?: { name: string; type: string; data: Buffer }): { payload: Buffer; contentType: string } {
  const boundary = `----convene${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.data, Buffer.from("\r\n"));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A JPEG photo 2000×1000 with EXIF (camera, GPS-like description) and orientation 6 (to be turned 90°). */
async function photoWithExif(): Promise<Buffer> {
  return sharp({ create: { width: 2000, height: 1000, channels: 3, background: { r: 40, g: 120, b: 90 } } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExifMerge({ IFD0: { Make: "SecretCamera", Model: "Spy 3000", ImageDescription: "GPS 51.1694 71.4491 home of the author" } })
    .toBuffer();
}

describe("news pictures: only real images, resized, without metadata, cached", () => {
  let t: TestApp;
  let post: BuiltPost;
  let browser: Browser;
  before(async () => {
    t = await createTestApp({ isReferenceSeeded: false });
    post = await buildPost(t.services);
    const coordinator = await buildUser(t.services);
    await addSpaceRole(t.services, post.space.id, coordinator.id, "coordinator");
    browser = await new Browser(t.app).logIn(coordinator.email, coordinator.password);
    await browser.get(`/spaces/${post.space.slug}/news/${post.slug}/edit`);
  });
  after(() => t.close());

  const upload = (fields: Record<string, string>, file?: { name: string; type: string; data: Buffer }) => {
    const body = multipart({ _csrf: browser.cookie("convene_csrf") ?? "", ...fields }, file);
    return t.app.inject({ method: "POST", url: `/spaces/${post.space.slug}/news/${post.slug}/images`, payload: body.payload, headers: { "content-type": body.contentType, cookie: browser.cookieHeader(), accept: "text/html", "accept-language": "en" } });
  };

  it("turns the photo upright, strips EXIF from every stored copy and serves them with a long cache life and an ETag", async () => {
    const photo = await photoWithExif();
    const uploaded = await sharp(photo).metadata();
    assert.ok(uploaded.exif?.includes(Buffer.from("SecretCamera")), "the upload carries EXIF");
    assert.equal(uploaded.orientation, 6);
    const response = await upload({ "alt.en": "Reeds by the pond", "caption.en": "June" }, { name: "photo.jpg", type: "image/jpeg", data: photo });
    assert.equal(response.statusCode, 303, response.body.slice(0, 300));
    const [image] = (await imagesOfPosts(t.services.db, [post.id])).get(post.id) ?? [];
    assert.ok(image);
    assert.deepEqual([image.width, image.height], [1000, 2000], "orientation applied: portrait now");
    assert.deepEqual(image.widths, [480, 960, 1000]);
    for (const width of image.widths) {
      for (const format of ["jpeg", "webp"] as const) {
        const served = await t.app.inject({ url: `/news/images/${image.id}/${width}.${format}` });
        assert.equal(served.statusCode, 200);
        assert.equal(served.headers["content-type"], `image/${format}`);
        assert.match(String(served.headers["cache-control"]), /max-age=31536000/);
        const metadata = await sharp(served.rawPayload).metadata();
        assert.equal(metadata.format, format);
        assert.equal(metadata.width, width);
        assert.equal(metadata.exif, undefined, `no EXIF in ${width}.${format}`);
        assert.equal(metadata.xmp, undefined);
        assert.equal(metadata.iptc, undefined);
        assert.ok(!served.rawPayload.includes(Buffer.from("SecretCamera")) && !served.rawPayload.includes(Buffer.from("51.1694")));
        const again = await t.app.inject({ url: `/news/images/${image.id}/${width}.${format}`, headers: { "if-none-match": String(served.headers.etag) } });
        assert.equal(again.statusCode, 304);
      }
    }
    // The post page shows it with its alt text; Open Graph names the picture with an absolute address.
    const page = await new Browser(t.app).get(`/spaces/${post.space.slug}/news/${post.slug}`);
    assert.ok(page.body.includes('alt="Reeds by the pond"'));
    assert.ok(page.body.includes(`<meta property="og:image" content="http://convene.test/news/images/${image.id}/1000.jpeg">`));
    const article = JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(page.body)![1]!) as { image: string[] };
    assert.ok(article.image.every((url) => url.startsWith("http://convene.test/news/images/")));
  });

  it("refuses a file that is not a picture, and a picture without alt text, keeping what was typed (422)", async () => {
    const text = await upload({ "alt.en": "Typed description" }, { name: "photo.jpg", type: "image/jpeg", data: Buffer.from("<svg onload=alert(1)>not really a jpeg</svg>") });
    assert.equal(text.statusCode, 422);
    assert.ok(text.body.includes("This file is not a picture we can read"));
    assert.ok(text.body.includes('value="Typed description"'));
    const svg = await upload({ "alt.en": "An SVG" }, { name: "x.svg", type: "image/svg+xml", data: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>') });
    assert.equal(svg.statusCode, 422, "SVG (scripts, remote references) is not accepted");
    const noAlt = await upload({ "caption.en": "kept caption" }, { name: "a.png", type: "image/png", data: await sharp({ create: { width: 20, height: 20, channels: 3, background: "#fff" } }).png().toBuffer() });
    assert.equal(noAlt.statusCode, 422);
    assert.ok(noAlt.body.includes("Describe the picture in at least one language."));
    assert.ok(noAlt.body.includes('value="kept caption"'));
    const none = await upload({ "alt.en": "nothing chosen" });
    assert.equal(none.statusCode, 422);
  });

  it("refuses an oversized file (413) and a picture with too many pixels (422)", async () => {
    const big = Buffer.alloc(11 * 1024 * 1024, 1);
    const oversized = await upload({ "alt.en": "Big" }, { name: "big.jpg", type: "image/jpeg", data: big });
    assert.equal(oversized.statusCode, 413);
    assert.ok(oversized.body.includes("larger than 10 MB"));
    // A small PNG that claims a huge canvas (a decompression bomb).
    const bomb = await sharp({ create: { width: 10_000, height: 5_000, channels: 3, background: "#000" } }).png({ compressionLevel: 9 }).toBuffer();
    assert.ok(bomb.length < 1024 * 1024);
    const pixels = await upload({ "alt.en": "Bomb" }, { name: "bomb.png", type: "image/png", data: bomb });
    assert.equal(pixels.statusCode, 422);
    assert.ok(pixels.body.includes("too many pixels"));
  });

  it("keeps a draft's pictures to those who may see the draft", async () => {
    const draft = await buildPost(t.services, { space: post.space, status: "draft" });
    const body = multipart({ _csrf: browser.cookie("convene_csrf") ?? "", "alt.en": "Draft picture" }, { name: "d.png", type: "image/png", data: await sharp({ create: { width: 600, height: 300, channels: 3, background: "#369" } }).png().toBuffer() });
    const response = await t.app.inject({ method: "POST", url: `/spaces/${post.space.slug}/news/${draft.slug}/images`, payload: body.payload, headers: { "content-type": body.contentType, cookie: browser.cookieHeader(), accept: "text/html" } });
    assert.equal(response.statusCode, 303);
    const [image] = (await imagesOfPosts(t.services.db, [draft.id])).get(draft.id) ?? [];
    assert.equal((await t.app.inject({ url: `/news/images/${image!.id}/480.jpeg` })).statusCode, 404);
    const own = await browser.get(`/news/images/${image!.id}/480.jpeg`);
    assert.equal(own.statusCode, 200);
    assert.match(String(own.headers["cache-control"]), /^private/);
  });
});
