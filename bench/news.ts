// `npm run bench:news`: fills a space with --posts N published news posts (default 20,000) over three years, a
// picture on every tenth, then loads the post page, the space's news, the news of all spaces, both Atom feeds, the
// news API and one picture with autocannon (32 connections) and compares each with a bare node:http server sending
// the same bytes, as the other page benches do. On the embedded PostgreSQL, and with --postgres on a scratch
// database on PostgreSQL. It reports; it asserts nothing.
import { sql } from "drizzle-orm";
import sharp from "sharp";
import type { FastifyInstance } from "fastify";
import { queryRows } from "../src/db/sql";
import { addImage } from "../src/modules/news/commands/images";
import { createPost, setPostStatus } from "../src/modules/news/commands/save-post";
import { buildSpace } from "../src/modules/spaces/factories";
import { wholeNumberOption } from "./measure";
import { DATABASE_USAGE, forEachTarget, pageLoadUsage, readPageBenchOptions, type DatabaseChoice, type PageLoad } from "./options";
import { measureVariants, printVariantTable, type VariantPage } from "./serve";
import { peakRssMb, withConvene, type Target } from "./target";

const SPACE = "bench-news";

const USAGE = `npm run bench:news -- [options]

  --posts N           published posts in the benched space (default 20000)
${pageLoadUsage("1")}
${DATABASE_USAGE}`;

type Options = { posts: number; databases: DatabaseChoice } & PageLoad;

function readOptions(): Options {
  const { values, ...rest } = readPageBenchOptions(USAGE, { posts: "20000" });
  return { posts: wholeNumberOption("posts", values.posts, 10), ...rest };
}

/**
 * The benched data: one post made through the commands with a real picture (processed by sharp), then the rest in
 * bulk SQL (published an hour apart, three kinds, two topics), every tenth sharing a copy of that picture's rows.
 */
async function generate(app: FastifyInstance, options: Options): Promise<{ slug: string; imagePath: string }> {
  const services = app.services;
  const { db } = services;
  const space = await buildSpace(services, { slug: SPACE, title: { en: "Bench news", ru: "Новости для замеров" }, enabledModules: ["news"] });
  const actor = { id: space.createdBy };
  const first = await createPost(services, actor, space.id, {
    kind: "story", slug: "measured-story", title: { en: "The measured story", ru: "Измеряемая история" }, lead: { en: "A story with a picture." }, body: { en: "Some **text**." },
    related: [], videoLinks: [], quotes: [{ text: { en: "Quoted words." }, attribution: "Someone" }], topics: ["water"],
  }, null);
  const picture = await sharp({ create: { width: 1800, height: 1200, channels: 3, background: { r: 40, g: 120, b: 90 } } }).jpeg().toBuffer();
  const imageId = await addImage(services, actor, first.id, picture, { alt: { en: "A green field" }, caption: {} });
  await setPostStatus(services, actor, first.id, "published");
  await db.execute(sql`insert into news_posts (space_id, slug, kind, status, title, lead, body, body_html, author_ids, created_by, topics, published_at, created_at, updated_at)
    select ${space.id}, 'post-' || i, (array['news','story','announcement'])[1 + i % 3], 'published',
      jsonb_build_object('en', 'Wetland news number ' || i, 'ru', 'Новость об угодьях номер ' || i),
      jsonb_build_object('en', 'Volunteers mapped ponds and shared the data.', 'ru', 'Волонтёры нанесли пруды на карту и открыли данные.'),
      jsonb_build_object('en', 'The **survey** took nine weekends.'), jsonb_build_object('en', '<p>The <strong>survey</strong> took nine weekends.</p>'),
      array[${space.createdBy}::uuid], ${space.createdBy}, array[(array['water','youth'])[1 + i % 2]],
      now() - (i * interval '1 hour'), now() - (i * interval '1 hour'), now() - (i * interval '1 hour')
    from generate_series(1, ${options.posts - 1}) i`);
  await db.execute(sql`with copies as (
      insert into news_images (post_id, position, alt, caption, width, height)
      select p.id, 0, i.alt, i.caption, i.width, i.height from news_posts p, news_images i
      where p.space_id = ${space.id} and p.slug like 'post-%' and substr(p.slug, 6)::int % 10 = 0 and i.id = ${imageId}
      returning id)
    insert into news_image_variants (image_id, width, format, height, bytes, etag)
      select c.id, v.width, v.format, v.height, v.bytes, v.etag from copies c, news_image_variants v where v.image_id = ${imageId}`);
  const [counts] = await queryRows<{ posts: string; images: string }>(db, sql`select (select count(*) from news_posts) as posts, (select count(*) from news_images) as images`);
  console.log(`  ${counts!.posts} posts, ${counts!.images} pictures`);
  return { slug: first.slug, imagePath: `/news/images/${imageId}/960.jpeg` };
}

async function benchDatabase(target: Target, options: Options): Promise<{ database: string; pages: VariantPage[]; setupSeconds: number }> {
  console.log(`\n== ${target.label}`);
  const started = performance.now();
  return withConvene(target, { pageCacheMs: 0, logLevel: "silent" }, async ({ app, database }) => {
    process.stdout.write(`  generating ${options.posts} posts …\n`);
    const { slug, imagePath } = await generate(app, options);
    await database.withConnection((query) => query("vacuum analyze", []));
    const setupSeconds = (performance.now() - started) / 1000;
    console.log(`  set-up ${setupSeconds.toFixed(1)} s`);
    const pages = await measureVariants(
      database.url,
      [
        { name: "post page", path: `/spaces/${SPACE}/news/${slug}`, accept: "text/html" },
        { name: "space news", path: `/spaces/${SPACE}/news`, accept: "text/html" },
        { name: "all news", path: `/news`, accept: "text/html" },
        { name: "space Atom", path: `/spaces/${SPACE}/news/feed.atom`, accept: "application/atom+xml" },
        { name: "all Atom", path: `/news/feed.atom`, accept: "application/atom+xml" },
        { name: "API list", path: `/api/v1/news?space=${SPACE}&limit=50`, accept: "application/json" },
        { name: "picture", path: imagePath, accept: "image/*" },
      ],
      options.variants,
      options.load,
      new Set(["post page", "space news", "all news"]),
    );
    return { database: target.label, pages, setupSeconds };
  });
}

async function main(): Promise<void> {
  const options = readOptions();
  await forEachTarget(options.databases, { embeddedFolder: "embedded-news", postgresPrefix: "convene_bench_news" }, async (target) => {
    const report = await benchDatabase(target, options);
    printVariantTable(`${report.database}: ${options.posts} posts (set-up ${report.setupSeconds.toFixed(0)} s)`, report.pages);
  });
  console.log(`\npeak RSS of the bench process: ${peakRssMb()} MB`);
}

main().catch((error: Error) => {
  console.error(`bench news failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
