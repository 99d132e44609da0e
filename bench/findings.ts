// `npm run bench:findings`: recurring findings (src/modules/consultations/clustering.ts) on the labelled RU/EN
// evaluation sets. Tuning set: fixtures/findings-eval-ru-en.json; held-out: fixtures/findings-eval-2-ru-en.json
// (the figures that count — nothing was tuned on it). Prints pairwise precision and recall overall, within one
// language and across languages, the number of clusters and the time; then times the clustering of --size
// contributions (default 2,000) in memory and, with --job, the whole job (fetch, cluster, store) on a database
// (embedded PostgreSQL, or TEST_DATABASE_URL). It reports; it asserts nothing.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { clusterContributions, DEFAULT_CLUSTERING, scorePairs, type ClusterDocument, type ClusteringOptions } from "../src/modules/consultations/clustering";
import { pairwiseFigures, rankingAveragePrecision, type LabelledItem } from "../src/modules/consultations/clustering-eval";
import { shippedGlossary } from "../src/modules/knowledge/glossary/load";

const USAGE = `npm run bench:findings -- [options]

  --size N     contributions for the timing runs (default 2000)
  --job        also time the whole job (suggestFindings) on a database
  --verbose    print each suggested cluster of the evaluation sets
  --sweep      print the precision/recall curve of both evaluation sets over merge thresholds 0.10–0.50
`;

type Fixture = { contributions: LabelledItem[] };

/** Wall-clock and this process's CPU time since `start` (CPU time moves less when other work shares the machine). */
function elapsed(start: { wall: number; cpu: NodeJS.CpuUsage }): string {
  const cpu = process.cpuUsage(start.cpu);
  return `${(performance.now() - start.wall).toFixed(0)} ms (CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms)`;
}
const startClock = () => ({ wall: performance.now(), cpu: process.cpuUsage() });
const fixtureFile = (name: string) => new URL(`../src/modules/consultations/fixtures/${name}`, import.meta.url);
const load = (name: string) => (JSON.parse(readFileSync(fixtureFile(name), "utf8")) as Fixture).contributions;
const asDocuments = (items: readonly LabelledItem[]): ClusterDocument[] => items.map((item) => ({ id: item.key, unit: item.group, language: item.language, body: item.body }));

function figuresOf(items: readonly LabelledItem[], options: ClusteringOptions = DEFAULT_CLUSTERING) {
  const clusters = clusterContributions(asDocuments(items), options);
  return { clusters, result: pairwiseFigures(clusters.map((cluster) => cluster.memberIds), items) };
}

function evaluate(name: string, role: string, isVerbose: boolean): void {
  const items = load(name);
  const started = startClock();
  const { clusters, result } = figuresOf(items);
  const time = elapsed(started);
  const show = (label: string, figures: (typeof result)["overall"]) =>
    `  ${label.padEnd(18)} precision ${String(figures.precision ?? "–").padEnd(6)} (${figures.correct}/${figures.predicted} predicted pairs)   recall ${String(figures.recall ?? "–").padEnd(6)} (${figures.correct}/${figures.gold} gold pairs)`;
  console.log(`${name} — ${role}: ${items.length} contributions, ${result.clusters} clusters, ${time}`);
  console.log(show("overall", result.overall));
  console.log(show("within a language", result.withinLanguage));
  console.log(show("across languages", result.acrossLanguages));
  // before any grouping: how high the same-point pairs rank among all scored pairs (1 = all of them first)
  console.log(`  average precision of the pair ranking ${rankingAveragePrecision(scorePairs(asDocuments(items), { ...DEFAULT_CLUSTERING, threshold: 1 }), items) ?? "–"}`);
  if (isVerbose) {
    const label = new Map(items.map((item) => [item.key, item]));
    for (const cluster of clusters) {
      console.log(`    ${cluster.score.toFixed(2)} ${cluster.memberIds.map((id) => `${id}:${label.get(id)!.language}:${label.get(id)!.label ?? "–"}`).join(" ")} {${cluster.sharedTerms.join(" ")}}`);
    }
  }
}

/**
 * The precision/recall trade-off: overall precision and recall, and recall within a language and across
 * languages, of both evaluation sets at each merge threshold. Choose the point on the tuning set only.
 */
function sweep(): void {
  const sets = [load("findings-eval-ru-en.json"), load("findings-eval-2-ru-en.json")];
  const cell = (figures: { precision: number | null; recall: number | null }) => `${(figures.precision ?? 0).toFixed(2)}/${(figures.recall ?? 0).toFixed(2)}`;
  console.log("threshold   tuning: P/R overall, within, across        held-out: P/R overall, within, across");
  for (let step = 10; step <= 50; step += 2) {
    const threshold = step / 100;
    const row = sets.map((items) => {
      const { result } = figuresOf(items, { ...DEFAULT_CLUSTERING, threshold });
      return `${cell(result.overall)} ${cell(result.withinLanguage)} ${cell(result.acrossLanguages)}`;
    });
    console.log(`  ${threshold.toFixed(2)}      ${row.join("      ")}`);
  }
}

/**
 * `size` contributions from every fixture text (both evaluation sets and clustering-ru-en.json), each reused with
 * its sentences rotated and a number of its own: many near-duplicates, so large clusters — a harsh case for the
 * grouping, and more shared features per pair than real text has.
 */
function syntheticDocuments(size: number): ClusterDocument[] {
  const texts = [...load("findings-eval-ru-en.json"), ...load("findings-eval-2-ru-en.json"), ...load("clustering-ru-en.json")];
  return Array.from({ length: size }, (_, index) => {
    const item = texts[index % texts.length]!;
    const sentences = item.body.split(/(?<=[.!?])\s+/);
    const turn = Math.floor(index / texts.length) % sentences.length;
    const body = `${[...sentences.slice(turn), ...sentences.slice(0, turn)].join(" ")} (${index})`;
    return { id: `s${String(index).padStart(5, "0")}`, unit: `u${index % 6}`, language: item.language, body };
  });
}

async function timeJob(size: number): Promise<void> {
  const { createTestApp } = await import("../src/testing/harness");
  const { buildConsultation, buildContribution } = await import("../src/modules/consultations/factories");
  const { suggestFindings } = await import("../src/modules/consultations/commands/suggest-findings");
  const t = await createTestApp();
  try {
    const consultation = await buildConsultation(t.services, { groups: Array.from({ length: 6 }, () => ({ topics: [{ questions: 1 }] })) });
    for (const document of syntheticDocuments(size)) {
      const group = consultation.groups[Number(document.unit.slice(1))]!;
      await buildContribution(t.services, { consultationId: consultation.id, topicId: group.topics[0]!.id }, { body: document.body, language: document.language });
    }
    const started = startClock();
    const result = await suggestFindings(t.services, null, { consultationId: consultation.id, spaceId: consultation.spaceId });
    // the CPU figure is Convene's side only (the database works in its own process)
    console.log(`job (suggestFindings: fetch, cluster, store) for ${size} contributions on ${process.env.TEST_DATABASE_URL ? "PostgreSQL server" : "embedded PostgreSQL"}: ${elapsed(started)}, ${result.suggested} suggestions`);
  } finally {
    await t.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { size: { type: "string", default: "2000" }, job: { type: "boolean", default: false }, verbose: { type: "boolean", default: false }, sweep: { type: "boolean", default: false }, help: { type: "boolean", default: false } } });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const size = Number(values.size);
  if (!Number.isInteger(size) || size < 2) throw new Error("--size must be a whole number of at least 2");
  console.log(`options ${JSON.stringify(DEFAULT_CLUSTERING)}; glossary ${shippedGlossary().size} concepts`);
  evaluate("findings-eval-ru-en.json", "tuning set", values.verbose);
  evaluate("findings-eval-2-ru-en.json", "HELD-OUT (the figures that count)", values.verbose);
  evaluate("clustering-ru-en.json", "near-duplicates and close paraphrases", values.verbose);
  if (values.sweep) sweep();
  const documents = syntheticDocuments(size);
  clusterContributions(documents.slice(0, 50));
  const started = startClock();
  const clusters = clusterContributions(documents);
  console.log(`clustering ${size} contributions in memory: ${elapsed(started)}, ${clusters.length} clusters`);
  if (values.job) await timeJob(size);
}

await main();
