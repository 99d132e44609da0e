// `npm run bench:reports`: the report to the governing body for a space with --commitments N (default 100,000,
// bench/commitments-dataset.ts, ~3 progress reports each) — a report with every section the space offers and
// narratives is created and frozen in-process (the freeze time printed: every section loaded in every language),
// then, from a separate Convene process, the coordinator's live draft page (sections loaded per request), its
// Markdown and a table's CSV, and the frozen version's permalink (stored HTML only) are requested one after
// another: p50/p95 and page weight. On the embedded PostgreSQL, and with --postgres on a scratch database on
// PostgreSQL. It reports; it asserts nothing.
import { parseArgs } from "node:util";
import { hashToken, randomToken } from "../src/platform/crypto";
import { sessions } from "../src/platform/schema";
import { DEMO_ACCOUNTS } from "../src/platform/demo";
import { LOCALE_CODES } from "../src/platform/i18n/locales";
import { intlFormat, translator } from "../src/platform/i18n/messages";
import { reportSectionSource } from "../src/platform/reports/sections";
import { findSpaceBySlug } from "../src/modules/spaces/queries";
import { checkReport, createReport } from "../src/modules/reports/commands/save-report";
import { freezeReport } from "../src/modules/reports/commands/freeze-report";
import { availableSections } from "../src/modules/reports/document";
import { reportPath, versionPath } from "../src/modules/reports/queries";
import { generateDataset } from "./dataset";
import { generateCommitments } from "./commitments-dataset";
import { printSequentialTable, wholeNumberOption } from "./measure";
import { startConveneProcess } from "./serve";
import { DEFAULT_POSTGRES, embeddedTarget, peakRssMb, postgresTarget, withConvene, type Target } from "./target";

const SPACE = "nature-action-agenda";
const USAGE = `npm run bench:reports -- [options]

  --commitments N   commitments to generate (default 100000; ~85 % in the benched space)
  --organisations N organisations they belong to (default 5000)
  --requests N      sequential requests per page (default 20, after 3 unmeasured)
  --postgres        also run on a scratch database on PostgreSQL (BENCH_DATABASE_URL, default ${DEFAULT_POSTGRES})
  --postgres-only   PostgreSQL only`;

type Options = { commitments: number; organisations: number; requests: number; postgresUrl: string | undefined; isEmbeddedRun: boolean };

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      commitments: { type: "string", default: "100000" },
      organisations: { type: "string", default: "5000" },
      requests: { type: "string", default: "20" },
      postgres: { type: "boolean", default: false },
      "postgres-only": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  return {
    commitments: wholeNumberOption("commitments", values.commitments, 10),
    organisations: wholeNumberOption("organisations", values.organisations, 10),
    requests: wholeNumberOption("requests", values.requests, 1),
    postgresUrl: process.env.BENCH_DATABASE_URL || (values.postgres || values["postgres-only"] ? DEFAULT_POSTGRES : undefined),
    isEmbeddedRun: !values["postgres-only"],
  };
}

async function benchDatabase(target: Target, options: Options): Promise<void> {
  console.log(`\n== ${target.label}`);
  const started = performance.now();
  await withConvene(target, { pageCacheMs: 0, logLevel: "silent" }, async ({ app, database }) => {
    const { services } = app;
    await generateDataset(database, { organisations: options.organisations });
    const data = await generateCommitments(database, { commitments: options.commitments, progressReports: options.commitments * 3, spaceSlug: SPACE });
    await database.withConnection((query) => query("vacuum analyze", []));
    console.log(`  ${data.inSpace} commitments in the space (${data.publishedInSpace} published), ${data.progressReports} progress reports; set-up ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const space = (await findSpaceBySlug(services.db, SPACE))!;
    const [admin] = await database.withConnection((query) => query("select id from users where email = $1", [DEMO_ACCOUNTS.admin.email]));
    const actor = { id: String(admin!.id), ip: "127.0.0.1" };
    const sectionKeys = (await availableSections(services.db, space.id)).map((section) => section.key);
    const narrative = (text: string) => ({ en: `## ${text}\n\nThe secretariat's comment on the figures, a paragraph of ordinary length for a report of this kind.`, ru: `## ${text}\n\nКомментарий секретариата к цифрам — абзац обычной для такого доклада длины.` });
    const created = await createReport(services, actor, space.id, checkReport({
      title: { en: "Bench report", ru: "Доклад для замеров" }, periodFrom: "2020-01-01", periodTo: "2030-12-31", symbol: "BENCH/2026/INF/1", sectionKeys,
      narratives: { start: narrative("Introduction"), ...Object.fromEntries(sectionKeys.map((key) => [`after:${key}`, narrative(key)])), end: narrative("Conclusions") },
    }));
    const freezeStart = performance.now();
    await freezeReport(services, actor, created, { id: space.id, slug: space.slug });
    console.log(`  sections: ${sectionKeys.join(", ")}; freezing (every section in ${LOCALE_CODES.length} languages, stored) ${(performance.now() - freezeStart).toFixed(0)} ms in-process`);

    // each section's load in-process (median of 5), to see which one a slow draft page waits for
    const scope = { spaceId: space.id, spaceSlug: space.slug, from: new Date("2020-01-01T00:00:00Z"), until: new Date("2031-01-01T00:00:00Z") };
    const context = { locale: "en", t: translator("en"), format: intlFormat("en") };
    for (const key of sectionKeys) {
      const times: number[] = [];
      for (let run = 0; run < 5; run += 1) {
        const start = performance.now();
        await reportSectionSource(key)!.load(services.db, scope, context);
        times.push(performance.now() - start);
      }
      times.sort((a, b) => a - b);
      console.log(`  section ${key}: ${times[2]!.toFixed(0)} ms in-process (median of 5)`);
    }

    // the coordinator's session, written straight into the sessions table (a login form round trip adds nothing here)
    const token = randomToken();
    const now = services.clock.now();
    await services.db.insert(sessions).values({ id: hashToken(token), userId: actor.id, expiresAt: new Date(now.getTime() + 86_400_000), userAgent: null, lastSeenAt: now });
    const server = await startConveneProcess(database.url, { workers: 1, pageCacheMs: 0 }, "warn");
    try {
      const coordinator = { cookie: `convene_session=${token}` };
      const draft = reportPath(SPACE, created.id);
      const version = versionPath(SPACE, created.id, 1);
      const pages = [
        { name: "draft page (live, coordinator)", path: `${draft}?lang=en`, headers: { accept: "text/html", ...coordinator } },
        { name: "draft Markdown (live)", path: `${draft}/report.md?lang=en`, headers: { accept: "text/markdown", ...coordinator } },
        { name: "draft CSV commitments-by-target (live)", path: `${draft}/tables/commitments-by-target.csv?lang=en`, headers: { accept: "text/csv", ...coordinator } },
        { name: "frozen version page (anonymous)", path: `${version}?lang=en`, headers: { accept: "text/html" } },
        { name: "frozen version page, Russian", path: `${version}?lang=ru`, headers: { accept: "text/html" } },
        { name: "version API (JSON blocks)", path: `/api/v1/spaces/${SPACE}/reports/${created.id}/versions/1`, headers: { accept: "application/json" } },
      ];
      await printSequentialTable(server.url, pages, options.requests);
    } finally {
      await server.stop();
    }
  });
}

async function main(): Promise<void> {
  const options = readOptions();
  const targets: (() => Promise<Target>)[] = [];
  if (options.isEmbeddedRun) targets.push(async () => embeddedTarget("embedded-reports"));
  if (options.postgresUrl) targets.push(() => postgresTarget(options.postgresUrl!, "convene_bench_reports"));
  for (const make of targets) await benchDatabase(await make(), options);
  console.log(`\npeak RSS of the bench process: ${peakRssMb()} MB`);
}

main().catch((error: Error) => {
  console.error(`bench:reports failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
