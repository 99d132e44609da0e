// `npm run bench:practices -- [--practices N] [--runs N]`: fills a scratch database (the test server: the
// embedded PostgreSQL, or TEST_DATABASE_URL) with N published good practices in one public space, then times
// in-process the compilation's page, its facets and a search (Russian word forms, a cross-language query), and
// prints p50/p95. It reports; it asserts nothing. Run it on an otherwise idle machine.
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { buildOrganisation } from "../src/modules/organisations/factories";
import { buildSpace } from "../src/modules/spaces/factories";
import { practiceQuery } from "../src/modules/knowledge/practices/list-params";
import { listPractices, NO_FILTERS, practiceFacets } from "../src/modules/knowledge/practices/queries";
import { analysePractice } from "../src/modules/knowledge/practices/text-search";
import { createTestApp } from "../src/testing/harness";
import { wholeNumberOption } from "./measure";

const { values } = parseArgs({ options: { practices: { type: "string", default: "10000" }, runs: { type: "string", default: "50" } } });
const count = wholeNumberOption("practices", values.practices ?? "10000", 1);
const runs = wholeNumberOption("runs", values.runs ?? "50", 1);

const TEXTS = [
  { title: { en: "Community seed banks for drought years" }, summary: { en: "Farmers keep local varieties and swap seed at village fairs." } },
  { title: { ru: "Общественный совет по экологической информации" }, summary: { ru: "Совет рассматривает запросы жителей о выбросах и качестве воды." } },
  { title: { en: "Wetland restoration by volunteers" }, summary: { en: "Reeds replanted along the river; birds came back." } },
  { title: { ru: "Запрет одноразового пластика на рынках" }, summary: { ru: "Город запретил пакеты и помог торговцам перейти на многоразовые сумки." } },
];
const KINDS = ["policy", "legislation", "project", "institution", "fund", "other"];
const COUNTRIES = ["KZ", "KG", "KE", "DE", "UZ", "TJ", "BR", "IN"];

const t = await createTestApp({ env: { LOG_LEVEL: "silent" } });
try {
  const space = await buildSpace(t.services, { slug: "bench-practices" });
  const organisation = await buildOrganisation(t.services);
  const analysed = TEXTS.map((text) => ({ ...text, analysis: analysePractice({ ...text, results: {} }) }));
  console.log(`filling ${count} practices…`);
  for (let start = 0; start < count; start += 1000) {
    const size = Math.min(1000, count - start);
    const rows = Array.from({ length: size }, (_, offset) => {
      const index = start + offset;
      const text = analysed[index % analysed.length]!;
      return sql`(${space.id}, ${organisation.id}, ${KINDS[index % KINDS.length]}, ${JSON.stringify(text.title)}::jsonb, ${JSON.stringify(text.summary)}::jsonb,
        ${Object.keys(text.title)[0]}, array[${COUNTRIES[index % COUNTRIES.length]}]::text[], array['ngo']::text[], ${`{${text.analysis.concepts.map((c) => `"${c}"`).join(",")}}`}::text[],
        setweight(to_tsvector('simple', ${text.analysis.titleStems.join(" ")}), 'A') || to_tsvector('simple', ${text.analysis.bodyStems.join(" ")}),
        'published', now() - make_interval(mins => ${index}))`;
    });
    await t.services.db.execute(sql`insert into knowledge_practices (space_id, organisation_id, kind, title, summary, language, countries, actor_types, concepts, lexemes, status, published_at) values ${sql.join(rows, sql`, `)}`);
  }
  await t.services.db.execute(sql`analyze knowledge_practices`);

  const time = async (name: string, action: () => Promise<unknown>) => {
    const samples: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      const started = performance.now();
      await action();
      samples.push(performance.now() - started);
    }
    samples.sort((a, b) => a - b);
    const at = (share: number) => samples[Math.min(samples.length - 1, Math.floor(share * samples.length))]!.toFixed(1);
    console.log(`${name.padEnd(44)} p50 ${at(0.5).padStart(7)} ms   p95 ${at(0.95).padStart(7)} ms`);
  };
  const query = (q: string, filters = NO_FILTERS) => practiceQuery(t.services.db, null, space.id, { q, ...filters }, "en");
  console.log(`${count} practices, ${runs} runs each`);
  await time("page, no search", async () => listPractices(t.services.db, await query(""), { limit: 20 }));
  await time("facets, no search", async () => practiceFacets(t.services.db, await query("")));
  await time("page + facets, country filter", async () => {
    const built = await query("", { ...NO_FILTERS, country: "KZ" });
    await Promise.all([listPractices(t.services.db, built, { limit: 20 }), practiceFacets(t.services.db, built)]);
  });
  await time("page + facets, «пластика на рынках»", async () => {
    const built = await query("пластика на рынках");
    await Promise.all([listPractices(t.services.db, built, { limit: 20 }), practiceFacets(t.services.db, built)]);
  });
  await time("page + facets, «болото» (cross-language)", async () => {
    const built = await query("болото");
    await Promise.all([listPractices(t.services.db, built, { limit: 20 }), practiceFacets(t.services.db, built)]);
  });
} finally {
  await t.close();
}
