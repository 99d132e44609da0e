// `npm run bench:answers`: loads the evaluation set (bench/answers/corpus, 50 RU/EN guidance documents) into a
// scratch database through the same parser and command the import uses, asks each of bench/answers/questions.json
// at platform level, and prints top-1, top-3 and MRR (over the at most three passages shown) per kind and per
// language, for half A and half B of the set separately (README: parameters are chosen on A; B counts), the
// share of unanswerable questions correctly declined and of answerable ones wrongly declined, and the goal check.
//
// `--sweep` also prints, on half A only, what each decline threshold would give (how DECLINE_THRESHOLD was chosen).
// `--scale N` instead generates N synthetic RU/EN guidance documents (~10 sections each) and prints answer
// latency p50/p95 over a mix of questions. On the embedded test server, or BENCH_DATABASE_URL's server.
import { appendFileSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { connectDatabase, type DatabaseHandle } from "../src/db/client";
import { migrate } from "../src/db/migrate";
import { createScratchDatabase } from "../src/db/scratch-database";
import { sql } from "drizzle-orm";
import { queryRows, textArrayLiteral } from "../src/db/sql";
import { answerQuestion, candidateQuery, DECLINE_THRESHOLD, rankWithUnits } from "../src/modules/knowledge/answers/engine";
import { analyseText } from "../src/platform/search/query";
import { saveDocument } from "../src/modules/knowledge/guidance/commands/save-document";
import { parseGuidanceFile } from "../src/modules/knowledge/guidance/front-matter";
import { testServerUrl } from "../src/testing/test-server";
import { generateScaleCorpus, scaleQuestions } from "./answers-scale";
import { waitForQuietMachine } from "./measure";

const setDir = resolve("bench/answers");

type Expected = { document: string; heading: string };
type Question = { id: string; lang: "en" | "ru"; kind: string; q: string; expected: Expected[] };
type Outcome = { question: Question; answered: boolean; rank: number | null; bestScore: number; rawRank: number | null };

const USAGE = `npm run bench:answers -- [options]

  --sweep       print decline thresholds against half A (how the threshold was chosen)
  --scale N     generate N synthetic guidance documents instead and print answer latency p50/p95
  --asks N      questions asked in the scale mode (default 200)
  --explain     in the scale mode, also print EXPLAIN ANALYZE of the candidate query for the slowest question
  --quiet L     in the scale mode, after generating, wait until the one-minute load average is at most L before timing
  --verbose     print every question that misses
  --learned     also match words through translations learned from the corpus's translated documents
  --no-dictionary  leave the bilingual dictionary out (to measure what it adds)`;

function half(id: string): "A" | "B" {
  const n = Number(id.replace(/\D/g, ""));
  return (n - 1) % 4 <= 1 ? "A" : "B";
}

async function openScratch(): Promise<{ handle: DatabaseHandle; drop(): Promise<void> }> {
  const serverUrl = process.env.BENCH_DATABASE_URL ?? (await testServerUrl());
  const scratch = await createScratchDatabase(serverUrl, "convene_bench_answers");
  const handle = await connectDatabase({ databaseUrl: scratch.url });
  await migrate(handle);
  return {
    handle,
    drop: async () => {
      await handle.close();
      await scratch.drop();
    },
  };
}

/** Imports the evaluation corpus (originals first, so translations find them). */
async function loadCorpus(handle: DatabaseHandle): Promise<void> {
  const files = readdirSync(join(setDir, "corpus")).filter((name) => name.endsWith(".md")).sort();
  const parsed = files.map((name) => {
    const result = parseGuidanceFile(readFileSync(join(setDir, "corpus", name), "utf8"));
    if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.errors)}`);
    return { name, document: result.document };
  });
  parsed.sort((a, b) => Number(a.document.translationOfSlug !== null) - Number(b.document.translationOfSlug !== null));
  await handle.db.transaction(async (tx) => {
    for (const { name, document } of parsed) {
      await saveDocument(
        tx,
        { spaceId: null, slug: document.slug, kind: "guidance", language: document.language, title: document.title, tags: document.tags, bodyMd: document.bodyMd, status: "published", translationOfSlug: document.translationOfSlug, collectionId: null },
        { actorUserId: null, source: "import", sourceFile: name, now: new Date() },
      );
    }
  });
}

function metrics(outcomes: readonly Outcome[]) {
  const answerable = outcomes.filter((outcome) => outcome.question.expected.length > 0);
  const unanswerable = outcomes.filter((outcome) => outcome.question.expected.length === 0);
  const share = (count: number, total: number) => (total === 0 ? NaN : count / total);
  return {
    count: answerable.length,
    top1: share(answerable.filter((outcome) => outcome.rank === 1).length, answerable.length),
    top3: share(answerable.filter((outcome) => outcome.rank !== null && outcome.rank <= 3).length, answerable.length),
    mrr: share(answerable.reduce((sum, outcome) => sum + (outcome.rank ? 1 / outcome.rank : 0), 0), answerable.length),
    wronglyDeclined: share(answerable.filter((outcome) => !outcome.answered).length, answerable.length),
    unanswerable: unanswerable.length,
    declined: share(unanswerable.filter((outcome) => !outcome.answered).length, unanswerable.length),
  };
}

const format = (value: number) => (Number.isNaN(value) ? "   –" : value.toFixed(2).padStart(4));

function printHalf(name: string, outcomes: readonly Outcome[]): void {
  console.log(`\n== half ${name} (${outcomes.length} questions) ==`);
  console.log(`${"group".padEnd(22)} ${"n".padStart(3)}  top-1  top-3   MRR`);
  const row = (label: string, group: readonly Outcome[]) => {
    const m = metrics(group);
    if (m.count === 0) return;
    console.log(`${label.padEnd(22)} ${String(m.count).padStart(3)}   ${format(m.top1)}   ${format(m.top3)}  ${format(m.mrr)}`);
  };
  const kinds = [...new Set(outcomes.map((outcome) => outcome.question.kind))].filter((kind) => kind !== "unanswerable");
  for (const kind of kinds) row(kind, outcomes.filter((outcome) => outcome.question.kind === kind));
  for (const language of ["en", "ru"]) row(`language ${language}`, outcomes.filter((outcome) => outcome.question.lang === language));
  row("overall", outcomes);
  const all = metrics(outcomes);
  const cross = metrics(outcomes.filter((outcome) => outcome.question.kind === "cross_language"));
  const unanswerable = outcomes.filter((outcome) => outcome.question.expected.length === 0);
  for (const language of ["en", "ru"]) {
    const m = metrics(unanswerable.filter((outcome) => outcome.question.lang === language));
    console.log(`unanswerable ${language} correctly declined: ${format(m.declined)} (${m.unanswerable})`);
  }
  console.log(`unanswerable correctly declined: ${format(all.declined)} (${all.unanswerable}); answerable wrongly declined: ${format(all.wronglyDeclined)} (${all.count})`);
  const check = (label: string, value: number, goal: number) => `${label} ${format(value)} ≥ ${goal}: ${value >= goal ? "ok" : "MISS"}`;
  console.log(`goal: ${check("top-3 overall", all.top3, 0.9)}; ${check("top-3 cross-language", cross.top3, 0.8)}; ${check("declined", all.declined, 0.8)}`);
}

async function evaluate(options: { isSweep: boolean; isVerbose: boolean; isLearned: boolean; hasDictionary: boolean }): Promise<void> {
  const questions = (JSON.parse(readFileSync(join(setDir, "questions.json"), "utf8")) as Question[] | { questions: Question[] });
  const list = Array.isArray(questions) ? questions : questions.questions;
  const scratch = await openScratch();
  try {
    await loadCorpus(scratch.handle);
    const services = { db: scratch.handle.db };
    const outcomes: Outcome[] = [];
    for (const question of list) {
      // The threshold is applied here, so the sweep can see every question's best score.
      const answer = await answerQuestion(services, question.q, { spaceId: null, viewer: null, locale: question.lang, threshold: 0, learnedTranslations: options.isLearned, dictionary: options.hasDictionary });
      const bestScore = answer.results[0]?.score ?? 0;
      const answered = answer.answered && bestScore >= DECLINE_THRESHOLD;
      const rawIndex = answer.results.findIndex((result) => question.expected.some((expected) => expected.document === result.document && expected.heading === result.heading));
      const index = answered ? rawIndex : -1;
      outcomes.push({ question, answered, rank: index >= 0 ? index + 1 : null, bestScore, rawRank: rawIndex >= 0 ? rawIndex + 1 : null });
      if (process.env.FEATURES && half(question.id) === "A") {
        const { units, ranked } = await rankWithUnits(services, question.q, { spaceId: null, viewer: null, locale: question.lang, learnedTranslations: options.isLearned, dictionary: options.hasDictionary });
        const scores = ranked.map((entry) => entry.score);
        const otherDocument = ranked.find((entry) => entry.row.document_id !== ranked[0]?.row.document_id && entry.row.translation_of !== ranked[0]?.row.document_id && entry.row.document_id !== ranked[0]?.row.translation_of)?.score ?? 0;
        appendFileSync(process.env.FEATURES, JSON.stringify({ id: question.id, kind: question.kind, ok: question.expected.length > 0, rank: index >= 0 ? index + 1 : null, rawRank: rawIndex >= 0 ? rawIndex + 1 : null, best: scores[0] ?? 0, second: scores[1] ?? 0, other: otherDocument, candidates: ranked.length, fullRank: ranked.findIndex((entry) => question.expected.some((expected) => expected.document === entry.row.slug && expected.heading === entry.row.heading)) + 1, expectedCredits: ranked.find((entry) => question.expected.some((expected) => expected.document === entry.row.slug && expected.heading === entry.row.heading))?.credits ?? null, units, top: ranked.slice(0, 3).map((entry) => ({ doc: entry.row.slug, lang: entry.row.language, score: entry.score, credits: entry.credits, documentCredits: entry.credits.map((_, unit) => Math.max(...ranked.filter((other) => other.row.document_id === entry.row.document_id).map((other) => other.credits[unit] ?? 0))) })) }) + "\n");
      }
      if (options.isVerbose && question.expected.length > 0 && index < 0) {
        console.log(`miss ${question.id} ${question.kind} ${question.lang} (${bestScore.toFixed(2)}): ${question.q.slice(0, 90)} → ${answer.results.map((result) => `${result.document}#${result.heading}`).join(" | ")}`);
      }
      if (options.isVerbose && question.expected.length === 0 && bestScore > 0.3) console.log(`answered unanswerable ${question.id} (${bestScore.toFixed(2)}): ${question.q.slice(0, 90)}`);
    }
    console.log(`decline threshold ${DECLINE_THRESHOLD}`);
    printHalf("A (parameters chosen here)", outcomes.filter((outcome) => half(outcome.question.id) === "A"));
    printHalf("B (the figure that counts)", outcomes.filter((outcome) => half(outcome.question.id) === "B"));
    if (options.isSweep) {
      const halfA = outcomes.filter((outcome) => half(outcome.question.id) === "A");
      console.log("\nthreshold sweep on half A: threshold, unanswerable declined, answerable wrongly declined, questions handled right (answered in the top 3, or declined)");
      for (let threshold = 0.1; threshold <= 1.0001; threshold += 0.025) {
        const declined = halfA.filter((outcome) => outcome.question.expected.length === 0 && outcome.bestScore < threshold).length;
        const wrong = halfA.filter((outcome) => outcome.question.expected.length > 0 && outcome.bestScore < threshold).length;
        const unanswerable = halfA.filter((outcome) => outcome.question.expected.length === 0).length;
        const right = halfA.filter((outcome) => (outcome.question.expected.length === 0 ? outcome.bestScore < threshold : outcome.bestScore >= threshold && outcome.rawRank !== null)).length;
        console.log(`${threshold.toFixed(3)}  ${format(declined / unanswerable)}  ${format(wrong / (halfA.length - unanswerable))}  ${format(right / halfA.length)}`);
      }
    }
  } finally {
    await scratch.drop();
  }
}

function percentile(sorted: readonly number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))] ?? NaN;
}

/** EXPLAIN (ANALYZE, BUFFERS) of the candidate query for a question's stems, weighted by their idf (as the engine does, less corrections and concepts). */
async function explainCandidates(db: DatabaseHandle["db"], question: string): Promise<string> {
  const stems = [...new Set(analyseText(question).stems)];
  const stats = await queryRows<{ term: string; sections: number }>(db, sql`select term, sections from knowledge_term_stats where term = any(${textArrayLiteral([...stems, "#sections"])}::text[])`);
  const total = Number(stats.find((row) => row.term === "#sections")?.sections ?? 1);
  const terms = stats.filter((row) => row.term !== "#sections").map((row) => ({ term: row.term, weight: Math.log(1 + (total - Number(row.sections) + 0.5) / (Number(row.sections) + 0.5)) }));
  const plan = await queryRows<{ "QUERY PLAN": string }>(db, sql`explain (analyze, buffers) ${candidateQuery(terms, { spaceId: null, viewer: null })}`);
  return plan.map((row) => row["QUERY PLAN"]).join("\n");
}

async function scale(documents: number, asks: number, isExplained: boolean, quietLoad: number | undefined): Promise<void> {
  const scratch = await openScratch();
  try {
    const started = Date.now();
    const sections = await generateScaleCorpus(scratch.handle.db, documents);
    console.log(`generated ${documents} documents (${sections} sections) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await scratch.handle.withConnection((query) => query("analyze"));
    if (quietLoad !== undefined) await waitForQuietMachine(quietLoad);
    const services = { db: scratch.handle.db };
    const questions = scaleQuestions(asks);
    // Warm up: the first questions pay for connections and plans.
    for (const question of questions.slice(0, 10)) await answerQuestion(services, question.text, { spaceId: null, viewer: null, locale: question.language });
    const timings: number[] = [];
    let answered = 0;
    let slowest = { ms: 0, text: "" };
    for (const question of questions) {
      const start = performance.now();
      const answer = await answerQuestion(services, question.text, { spaceId: null, viewer: null, locale: question.language });
      const ms = performance.now() - start;
      timings.push(ms);
      if (ms > slowest.ms) slowest = { ms, text: question.text };
      if (answer.answered) answered += 1;
    }
    timings.sort((a, b) => a - b);
    if (isExplained) console.log(`slowest question (${slowest.ms.toFixed(1)} ms): ${slowest.text.slice(0, 80)}\n${await explainCandidates(scratch.handle.db, slowest.text)}`);
    console.log(`answers: ${questions.length} questions, ${answered} answered; p50 ${percentile(timings, 0.5).toFixed(1)} ms, p95 ${percentile(timings, 0.95).toFixed(1)} ms, max ${timings.at(-1)!.toFixed(1)} ms`);
  } finally {
    await scratch.drop();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { sweep: { type: "boolean", default: false }, explain: { type: "boolean", default: false }, verbose: { type: "boolean", default: false }, learned: { type: "boolean", default: false }, "no-dictionary": { type: "boolean", default: false }, scale: { type: "string" }, asks: { type: "string", default: "200" }, quiet: { type: "string" }, help: { type: "boolean", default: false } },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (values.scale !== undefined) {
    const documents = Number(values.scale);
    const asks = Number(values.asks);
    if (!Number.isInteger(documents) || documents < 1 || !Number.isInteger(asks) || asks < 1) throw new Error("--scale and --asks take a whole number ≥ 1");
    const quietLoad = values.quiet === undefined ? undefined : Number(values.quiet);
    if (quietLoad !== undefined && !(quietLoad > 0)) throw new Error("--quiet takes a load average above 0");
    await scale(documents, asks, values.explain, quietLoad);
  } else {
    await evaluate({ isSweep: values.sweep, isVerbose: values.verbose, isLearned: values.learned, hasDictionary: !values["no-dictionary"] });
  }
  process.exit(0);
}

await main();
