import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { and, eq, sql } from "drizzle-orm";
import { DAY_MS } from "../../platform/clock";
import { auditLog, jobs } from "../../platform/schema";
import { buildUser, type BuiltUser } from "../../testing/factories";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import { clusterContributions, clusterPairs, DEFAULT_CLUSTERING, firstSentence, scorePairs, suggestClusters, type ClusterDocument, type ScoredPair } from "./clustering";
import { pairwiseFigures, rankingAveragePrecision, type LabelledItem } from "./clustering-eval";
import { addGlossaryTerms } from "../knowledge/glossary/commands/change-glossary";
import { analyseTerm, type GlossaryEntry } from "../../platform/search/glossary";
import { FINDINGS_JOB, suggestFindings } from "./commands/suggest-findings";
import { buildBreakouts, buildConsultation, buildContribution, type BuiltConsultation } from "./factories";
import { consultationFindingItems, consultationFindings } from "./schema";

type Fixture = { groups: string[]; contributions: LabelledItem[] };

const fixture = JSON.parse(readFileSync(new URL("./fixtures/clustering-ru-en.json", import.meta.url), "utf8")) as Fixture;

/*
 * A small hand-made set (written for this test, not taken from the fixtures): three points, each made once in
 * Russian and once in English in other words and in other groups, and two contributions about something else.
 * Nothing in a pair shares a word — only the glossary's concepts (fee/плата, public hearing/слушания, legal
 * aid/юридическая помощь) tie them together.
 */
const PARAPHRASES: (ClusterDocument & { point: string | null })[] = [
  { id: "fees-en", point: "fees", unit: "A", language: "en", body: "The regional office charges a fee for each page of environmental information, so small village groups have stopped asking for it." },
  { id: "fees-ru", point: "fees", unit: "B", language: "ru", body: "За копии экологической информации берут плату, и сельские инициативные группы просто не могут её себе позволить." },
  { id: "notice-ru", point: "notice", unit: "A", language: "ru", body: "Об общественных слушаниях объявляют за два-три дня — подготовиться и прочитать проект невозможно." },
  { id: "notice-en", point: "notice", unit: "C", language: "en", body: "The notice of a public hearing appears a few days before it takes place, far too late to prepare." },
  { id: "aid-ru", point: "aid", unit: "B", language: "ru", body: "Общественным организациям нужна бесплатная юридическая помощь, иначе в суд они не пойдут." },
  { id: "aid-en", point: "aid", unit: "C", language: "en", body: "Without legal aid an NGO cannot afford to take a polluter to court." },
  { id: "other-ru", point: null, unit: "C", language: "ru", body: "Предлагаю провести обучение для школьников о сортировке мусора." },
  { id: "other-en", point: null, unit: "A", language: "en", body: "Our river cleanup brought together two hundred volunteers on a Saturday." },
];
const pointOf = new Map(PARAPHRASES.map((item) => [item.id, item.point]));

describe("recurring findings: clustering across groups", () => {
  let t: TestApp;
  let consultation: BuiltConsultation;
  let facilitator: BuiltUser;
  const itemOf = new Map<string, LabelledItem>();
  const url = (path: string) => `/spaces/${consultation.spaceSlug}/consultations/${consultation.slug}${path}`;

  before(async () => {
    t = await createTestApp();
    facilitator = await buildUser(t.services);
    consultation = await buildConsultation(t.services, { groups: fixture.groups.map(() => ({ topics: [{ questions: 1 }], facilitatorIds: [facilitator.id] })) });
    for (const item of fixture.contributions) {
      const group = consultation.groups[fixture.groups.indexOf(item.group)]!;
      const built = await buildContribution(t.services, { consultationId: consultation.id, topicId: group.topics[0]!.id }, { body: item.body, language: item.language });
      itemOf.set(built.id, item);
    }
  });
  after(() => t.close());

  test("on the labelled RU/EN fixture, suggested pairs are precise and Russian meets English (figures printed for the report)", async (context) => {
    const clusters = await suggestClusters(t.services.db, consultation.id);
    const metrics = pairwiseFigures(
      clusters.map((cluster) => cluster.memberIds.map((id) => itemOf.get(id)!.key)),
      [...itemOf.values()],
    );
    // reported as test diagnostics ("# clustering fixture …" in the output) so the figures can be quoted
    context.diagnostic(`clustering fixture (${fixture.contributions.length} contributions, ${fixture.groups.length} groups, options ${JSON.stringify(DEFAULT_CLUSTERING)}): ${JSON.stringify(metrics)}`);
    for (const cluster of clusters) context.diagnostic(`  ${cluster.score.toFixed(2)} [${cluster.memberIds.map((id) => itemOf.get(id)!.key).join(", ")}] “${cluster.title}” {${cluster.sharedTerms.join(" ")}}`);
    // floors a little under what was measured: precision 0.78 overall (0.84 within a language, 0.73 across),
    // recall 0.84 within a language and 0.59 across languages (the previous, stems-only version: precision 1.0,
    // recall 0.84 within a language, no Russian–English pair at all). Since the glossary stopped matching terms
    // that stems cannot tell apart (2026-12-07), same-language precision is 0.77 and recall 0.84 within a
    // language, 0.80 across: a few pairs had been held together by false concept matches. With the paraphrase
    // lexicon and the merge threshold 0.25 (chosen on findings-eval-ru-en): precision 0.72 (0.76 within a language,
    // 0.68 across), recall 0.94 within a language and 0.53 across — the higher threshold loses a few Russian–English
    // near-duplicates that only one glossary concept ties.
    assert.ok(metrics.overall.precision! >= 0.7, `precision ${metrics.overall.precision}`);
    assert.ok(metrics.withinLanguage.precision! >= 0.72, `same-language precision ${metrics.withinLanguage.precision}`);
    assert.ok(metrics.withinLanguage.recall! >= 0.75, `same-language recall ${metrics.withinLanguage.recall}`);
    assert.ok(metrics.acrossLanguages.recall! >= 0.5, `cross-language recall ${metrics.acrossLanguages.recall}`);
    assert.ok(metrics.clusters >= 10, "the themes are found");
    for (const cluster of clusters) {
      assert.ok(cluster.unitCount >= 2, "every suggestion spans two groups or more");
      assert.ok(cluster.title.length > 0 && cluster.title.length <= 140);
    }
    const visa = clusters.find((cluster) => cluster.memberIds.some((id) => itemOf.get(id)!.key === "visa-en-1"));
    assert.ok(visa, "the near-duplicate visa contributions form a finding");
    assert.ok(visa.memberIds.map((id) => itemOf.get(id)!.key).includes("visa-en-2"));
  });

  test("a cluster inside one group is not a recurring finding; breakouts of one session count as different groups", () => {
    const documents: ClusterDocument[] = [
      { id: "a", unit: "g1", language: "en", body: "Same thing." },
      { id: "b", unit: "g1", language: "en", body: "Same thing again." },
      { id: "c", unit: "b1", language: "en", body: "Other." },
      { id: "d", unit: "b2", language: "en", body: "Other too." },
    ];
    const pair = (a: string, b: string, score: number): ScoredPair => ({ a, b, score, sharedTerms: ["same"] });
    const clusters = clusterPairs(documents, [pair("a", "b", 0.9), pair("c", "d", 0.8), pair("a", "c", 0.05)]);
    assert.deepEqual(
      clusters.map((cluster) => cluster.memberIds),
      [["c", "d"]],
    );
    assert.equal(firstSentence("## **Heading** text. Second sentence."), "Heading text.");
    assert.equal(firstSentence(`${"long ".repeat(60)}`, 20).length, 20);
  });

  test("the incremental grouping merges exactly like the plain average-linkage definition", () => {
    // a reference written straight from the definition (rescan every pair of clusters after each merge)
    const reference = (ids: string[], score: (a: string, b: string) => number, threshold: number): string[][] => {
      let clusters = ids.map((id) => [id]);
      for (;;) {
        let best = { value: -1, left: -1, right: -1 };
        for (let left = 0; left < clusters.length; left += 1) {
          for (let right = left + 1; right < clusters.length; right += 1) {
            let sum = 0;
            for (const a of clusters[left]!) for (const b of clusters[right]!) sum += score(a, b);
            const value = sum / (clusters[left]!.length * clusters[right]!.length);
            if (value > best.value) best = { value, left, right };
          }
        }
        if (best.left < 0 || best.value < threshold) return clusters;
        const merged = [...clusters[best.left]!, ...clusters[best.right]!].sort();
        clusters = clusters.filter((_, index) => index !== best.left && index !== best.right);
        clusters.push(merged);
      }
    };
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let round = 0; round < 5; round += 1) {
      const documents: ClusterDocument[] = Array.from({ length: 40 }, (_, index) => ({ id: `d${String(index).padStart(2, "0")}`, unit: `u${index % 4}`, language: "en", body: `Text ${index}.` }));
      const pairs: ScoredPair[] = [];
      for (const [index, a] of documents.entries()) {
        for (const b of documents.slice(index + 1)) {
          // themes of five documents score high with each other; a sprinkle of weaker links in between
          const value = Math.floor(Number(a.id.slice(1)) / 5) === Math.floor(Number(b.id.slice(1)) / 5) ? 0.2 + random() * 0.6 : random() < 0.1 ? random() * 0.4 : 0;
          if (value > 0) pairs.push({ a: a.id, b: b.id, score: value, sharedTerms: [] });
        }
      }
      const scores = new Map(pairs.map((pair) => [`${pair.a}|${pair.b}`, pair.score]));
      const score = (a: string, b: string) => scores.get(a < b ? `${a}|${b}` : `${b}|${a}`) ?? 0;
      const nodes = [...new Set(pairs.filter((pair) => pair.score >= DEFAULT_CLUSTERING.threshold).flatMap((pair) => [pair.a, pair.b]))].sort();
      const expected = reference(nodes, score, DEFAULT_CLUSTERING.threshold).filter(
        (members) =>
          members.length > 1 &&
          new Set(members.map((id) => documents.find((d) => d.id === id)!.unit)).size > 1 &&
          (members.length > 2 || score(members[0]!, members[1]!) >= DEFAULT_CLUSTERING.pairThreshold),
      );
      const actual = clusterPairs(documents, pairs).map((cluster) => cluster.memberIds);
      const canonical = (clusters: string[][]) => clusters.map((members) => members.join(",")).sort();
      assert.deepEqual(canonical(actual), canonical(expected), `round ${round}`);
      assert.ok(actual.length >= 3, "the random themes form clusters");
    }
  });

  test("breakout contributions are compared across breakouts of the same session", async () => {
    const session = await buildConsultation(t.services, { groups: [{ kind: "session", topics: [{}] }] });
    const [first, second] = await buildBreakouts(t.services, session.groups[0]!.id, [[], []]);
    const topic = { consultationId: session.id, topicId: session.groups[0]!.topics[0]!.id };
    await buildContribution(t.services, topic, { breakoutId: first, body: "Migrant children must be able to enrol in local schools regardless of residence status." });
    await buildContribution(t.services, topic, { breakoutId: second, body: "Children of migrants should enrol in local schools whatever their residence status." });
    await buildContribution(t.services, topic, { breakoutId: second, body: "Children of migrants should enrol in local schools whatever their parents' residence status." });
    const clusters = await suggestClusters(t.services.db, session.id);
    assert.equal(clusters.length, 1);
    assert.equal(clusters[0]!.memberIds.length, 3);
    assert.equal(clusters[0]!.unitCount, 2);
  });

  test("a Russian and an English contribution making the same point in other words are grouped; unrelated ones stay out", () => {
    const clusters = clusterContributions(PARAPHRASES);
    assert.deepEqual(clusters.map((cluster) => cluster.memberIds.map((id) => pointOf.get(id)).join(",")).sort(), ["aid,aid", "fees,fees", "notice,notice"]);
    for (const cluster of clusters) {
      assert.deepEqual(new Set(cluster.memberIds.map((id) => PARAPHRASES.find((item) => item.id === id)!.language)), new Set(["en", "ru"]));
      assert.ok(cluster.sharedTerms.length > 0, "the shared concepts are named");
    }
    const fees = clusters.find((cluster) => cluster.memberIds.includes("fees-en"))!;
    assert.ok(fees.sharedTerms.includes("environmental-information"));
  });

  test("the job stores Russian–English findings asked for on the page, titled by a member's first sentence", async () => {
    const built = await buildConsultation(t.services, { groups: ["A", "B", "C"].map(() => ({ topics: [{}], facilitatorIds: [facilitator.id] })) });
    const idOf = new Map<string, string>();
    for (const item of PARAPHRASES) {
      const group = built.groups[["A", "B", "C"].indexOf(item.unit)]!;
      const contribution = await buildContribution(t.services, { consultationId: built.id, topicId: group.topics[0]!.id }, { body: item.body, language: item.language });
      idOf.set(contribution.id, item.id);
    }
    const findingsUrl = `/spaces/${built.spaceSlug}/consultations/${built.slug}/findings`;
    const browser = await new Browser(t.app).logIn(facilitator.email, facilitator.password);
    assert.equal((await browser.post(`${findingsUrl}/suggest`, {})).statusCode, 303);
    await t.services.jobs.drain();
    const stored = await t.services.db.select().from(consultationFindings).where(eq(consultationFindings.consultationId, built.id));
    assert.equal(stored.length, 3);
    const items = await t.services.db.select().from(consultationFindingItems);
    for (const finding of stored) {
      const members = items.filter((item) => item.findingId === finding.id).map((item) => idOf.get(item.contributionId)!);
      assert.equal(members.length, 2);
      assert.equal(pointOf.get(members[0]!), pointOf.get(members[1]!), `one point per finding: ${members.join(", ")}`);
      assert.notEqual(members[0]!.slice(-2), members[1]!.slice(-2), "one Russian and one English contribution");
      assert.ok(members.some((key) => firstSentence(PARAPHRASES.find((item) => item.id === key)!.body) === finding.title));
    }
    const page = await browser.get(findingsUrl);
    assert.match(page.body, /Last search finished [^<]+ UTC: 3 open suggestions\./);
    assert.match(page.body, /legal aid|юридическая помощь/);
  });

  test("the search runs in the job queue: queued, then done with its count; a second request while one waits starts none", async () => {
    const built = await buildConsultation(t.services, { groups: [{ topics: [{}], facilitatorIds: [facilitator.id] }, { topics: [{}], facilitatorIds: [facilitator.id] }] });
    const findingsUrl = `/spaces/${built.spaceSlug}/consultations/${built.slug}/findings`;
    for (const [index, group] of built.groups.entries()) {
      await buildContribution(t.services, { consultationId: built.id, topicId: group.topics[0]!.id }, { body: `Migrant children must be able to enrol in local schools regardless of residence status (${index}).` });
    }
    const browser = await new Browser(t.app).logIn(facilitator.email, facilitator.password);
    const before = await browser.get(findingsUrl);
    assert.doesNotMatch(before.body, /findings-run|http-equiv="refresh"/, "no search yet");
    const jobsOf = () => t.services.db.select().from(jobs).where(and(eq(jobs.kind, FINDINGS_JOB), sql`${jobs.payload}->>'consultationId' = ${built.id}`));

    // two requests at once and one more after: one job
    const responses = await Promise.all([browser.post(`${findingsUrl}/suggest`, {}), browser.post(`${findingsUrl}/suggest`, {})]);
    assert.deepEqual(responses.map((response) => response.statusCode), [303, 303]);
    assert.equal((await browser.post(`${findingsUrl}/suggest`, {})).statusCode, 303);
    assert.equal((await jobsOf()).length, 1, "no second search while one is queued");
    assert.equal((await t.services.db.select().from(consultationFindings).where(eq(consultationFindings.consultationId, built.id))).length, 0, "nothing ran inside the request");

    const queued = await browser.get(findingsUrl);
    assert.match(queued.body, /A search for recurring findings is already under way/, "the repeated request is told so");
    assert.match(queued.body, /class="notice findings-run findings-run-queued"/);
    assert.match(queued.body, /<meta http-equiv="refresh" content="5">/, "the page reloads itself without JavaScript");
    assert.match(queued.body, new RegExp(`<a href="${findingsUrl}">Refresh</a>`));
    assert.doesNotMatch(queued.body, /Look for recurring findings<\/button>/, "no button while a search waits");

    await t.services.jobs.drain();
    const done = await browser.get(findingsUrl);
    assert.match(done.body, /Last search finished [^<]+ UTC: one open suggestion\./);
    assert.doesNotMatch(done.body, /http-equiv="refresh"/);
    assert.match(done.body, /Look for recurring findings<\/button>/);
    assert.match(done.body, /Migrant children must be able to enrol/);
    assert.deepEqual((await jobsOf()).map((job) => job.status), ["done"]);
    // once done, a new request queues a new search
    assert.equal((await browser.post(`${findingsUrl}/suggest`, {})).statusCode, 303);
    assert.equal((await jobsOf()).length, 2);
    await t.services.jobs.drain();
  });

  test("facilitators accept or reject suggestions; a decided cluster is not suggested again; others may not decide", async () => {
    const browser = await new Browser(t.app).logIn(facilitator.email, facilitator.password);
    const participant = await buildUser(t.services);
    const participantBrowser = await new Browser(t.app).logIn(participant.email, participant.password);
    assert.equal((await participantBrowser.get(url("/findings"))).statusCode, 403);
    assert.equal((await participantBrowser.post(url("/findings/suggest"), {})).statusCode, 403);
    assert.equal((await new Browser(t.app).get(url("/findings"))).statusCode, 401);

    assert.equal((await browser.post(url("/findings/suggest"), {})).statusCode, 303);
    await t.services.jobs.drain();
    const suggested = await t.services.db.select().from(consultationFindings).where(eq(consultationFindings.consultationId, consultation.id));
    assert.ok(suggested.length >= 10);
    assert.ok(suggested.every((finding) => finding.status === "suggested"));
    const page = await browser.get(url("/findings"));
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Look for recurring findings/);
    assert.ok(!page.body.includes("<script>alert(1)</script>"));

    const [toAccept, toReject] = suggested;
    assert.equal((await participantBrowser.post(url(`/findings/${toAccept!.id}`), { decision: "accept", title: "mine" })).statusCode, 403);
    const emptyTitle = await browser.post(url(`/findings/${toAccept!.id}`), { decision: "accept", title: " ", summary: "kept summary" });
    assert.equal(emptyTitle.statusCode, 422);
    assert.match(emptyTitle.body, /kept summary/);
    assert.equal((await browser.post(url("/findings/not-a-uuid"), { decision: "accept" })).statusCode, 404);
    assert.equal((await browser.post(url("/findings/00000000-0000-4000-8000-000000000000"), { decision: "accept", title: "x" })).statusCode, 404);
    assert.equal((await browser.post(url(`/findings/${toAccept!.id}`), { decision: "maybe", title: "x" })).statusCode, 422);

    t.clock.advance(DAY_MS);
    assert.equal((await browser.post(url(`/findings/${toAccept!.id}`), { decision: "accept", title: "Simpler permits <b>", summary: "Raised everywhere." })).statusCode, 303);
    assert.equal((await browser.post(url(`/findings/${toReject!.id}`), { decision: "reject", title: toReject!.title })).statusCode, 303);
    const [accepted] = await t.services.db.select().from(consultationFindings).where(eq(consultationFindings.id, toAccept!.id));
    assert.equal(accepted?.status, "accepted");
    assert.equal(accepted?.title, "Simpler permits <b>");
    assert.equal(accepted?.summary, "Raised everywhere.");
    assert.equal(accepted?.decidedBy, facilitator.id);
    assert.equal(accepted?.decidedAt?.getTime(), t.clock.now().getTime());
    assert.equal((await t.services.db.select().from(auditLog).where(and(eq(auditLog.action, "consultation.finding_accepted"), eq(auditLog.subjectId, toAccept!.id)))).length, 1);

    // a new contribution joins the accepted cluster: the bigger cluster is not offered again either
    const acceptedMembers = await t.services.db.select().from(consultationFindingItems).where(eq(consultationFindingItems.findingId, toAccept!.id));
    const sample = itemOf.get(acceptedMembers[0]!.contributionId)!;
    const otherGroup = consultation.groups[(fixture.groups.indexOf(sample.group) + 1) % fixture.groups.length]!;
    await buildContribution(t.services, { consultationId: consultation.id, topicId: otherGroup.topics[0]!.id }, { body: sample.body, language: sample.language });

    assert.equal((await browser.post(url("/findings/suggest"), {})).statusCode, 303);
    await t.services.jobs.drain();
    const afterRerun = await t.services.db.select().from(consultationFindings).where(eq(consultationFindings.consultationId, consultation.id));
    const bySignature = new Map<string, number>();
    for (const finding of afterRerun) bySignature.set(finding.signature, (bySignature.get(finding.signature) ?? 0) + 1);
    assert.ok([...bySignature.values()].every((count) => count === 1), "no signature twice");
    assert.equal(afterRerun.find((finding) => finding.id === toAccept!.id)?.status, "accepted");
    assert.equal(afterRerun.find((finding) => finding.id === toReject!.id)?.status, "rejected");
    const items = await t.services.db.select().from(consultationFindingItems);
    const membersOf = (id: string) => new Set(items.filter((item) => item.findingId === id).map((item) => item.contributionId));
    const decidedMembers = [membersOf(toAccept!.id), membersOf(toReject!.id)];
    for (const finding of afterRerun.filter((row) => row.status === "suggested")) {
      const members = membersOf(finding.id);
      for (const decided of decidedMembers) assert.ok(![...members].some((id) => decided.has(id)), `suggestion “${finding.title}” repeats a decided finding`);
    }
    assert.equal(afterRerun.filter((row) => row.status === "suggested").length, suggested.length - 2);

    const report = await browser.get(url("/report"));
    assert.match(report.body, /Simpler permits &lt;b&gt;/);
    assert.ok(!report.body.includes(toReject!.title.replace(/</g, "&lt;")) || toReject!.title === "", "rejected findings stay out of the report");
  });
});

describe("recurring findings: stem families", () => {
  test("a word whose stem starts with another contribution's stem counts as the same word; a stem under four letters heads no family", () => {
    // id → body; the language is the script's, the unit alternates, so every pair spans two units
    const bodies: [string, string][] = [
      ["hunters", "Охотники <b>недовольны</b>."],
      ["hunting", "Охота запрещена летом."],
      ["fishermen", "The fishermen complained loudly."],
      ["fish", "Fish stocks keep falling."],
      ["art", "Art classes outdoors."],
      ["article", "An article appeared."],
    ];
    // the paraphrase lexicon left out: "fish" and "fishermen" are also one of its concepts
    const pairs = scorePairs(bodies.map(([id, body], index) => ({ id, body, unit: index % 2 ? "B" : "A", language: /[а-я]/i.test(body) ? "ru" : "en" })), { ...DEFAULT_CLUSTERING, lexiconWeight: 0 });
    const pair = (a: string, b: string) => pairs.find((candidate) => (candidate.a === a && candidate.b === b) || (candidate.a === b && candidate.b === a));
    // nothing else is shared (one-off words are dropped), so only the family ties each pair
    assert.deepEqual(pair("hunters", "hunting")?.sharedTerms, ["охот"]);
    assert.deepEqual(pair("fishermen", "fish")?.sharedTerms, ["fish"]);
    assert.equal(pair("art", "article"), undefined);
  });
});

describe("recurring findings read the space's glossary", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  test("a coordinator's term pair lets the suggestion pair a Russian contribution with an English one that share nothing else", async () => {
    const facilitator = await buildUser(t.services);
    const built = await buildConsultation(t.services, { groups: [0, 1].map(() => ({ topics: [{ questions: 1 }], facilitatorIds: [facilitator.id] })) });
    const bodies = [
      { body: "Our grandparents still remember the tallgrass prairie at its widest.", language: "en" },
      { body: "Старики ещё помнят ковыльную степь во всю её ширь.", language: "ru" },
    ];
    for (const [index, text] of bodies.entries()) await buildContribution(t.services, { consultationId: built.id, topicId: built.groups[index]!.topics[0]!.id }, text);
    const suggested = async () => (await suggestFindings(t.services, null, { consultationId: built.id, spaceId: built.spaceId })).suggested;
    assert.equal(await suggested(), 0, "no shipped concept links the two");
    const coordinator = await buildUser(t.services);
    await addGlossaryTerms(t.services, { id: coordinator.id, email: coordinator.email, displayName: coordinator.displayName, locale: "en", isPlatformAdmin: false, isEmailVerified: true }, built.spaceId, { concept: "new", en: "tallgrass prairie", ru: "ковыльная степь" });
    assert.equal(await suggested(), 1, "the space's term pair makes them one finding");
  });
});

describe("recurring findings: the findings-eval sets (bench/findings.ts)", () => {
  const load = (name: string) => (JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8")) as Fixture).contributions;
  const asDocuments = (items: readonly LabelledItem[]): ClusterDocument[] => items.map((item) => ({ id: item.key, unit: item.group, language: item.language, body: item.body }));

  test("the average precision of a pair ranking counts each gold pair at its rank and unscored gold pairs as missed", () => {
    const items: LabelledItem[] = ["x", "x", "y", "y", null].map((label, index) => ({ key: `k${index}`, group: "A", language: "en", label, body: "" }));
    // gold pairs: k0–k1 and k2–k3; ranked: k0–k1 (gold, 1/1), k0–k2 (wrong), k2–k3 (gold, 2/3)
    const ranked = [
      { a: "k2", b: "k3", score: 0.7 },
      { a: "k0", b: "k1", score: 0.9 },
      { a: "k0", b: "k2", score: 0.8 },
    ];
    assert.equal(rankingAveragePrecision(ranked, items), 0.833);
    assert.equal(rankingAveragePrecision(ranked.slice(1), items), 0.5, "k2–k3 never scored: missed");
    assert.equal(rankingAveragePrecision(ranked, items.map((item) => ({ ...item, label: null }))), null);
  });

  test("on the tuning set the suggestions keep the measured precision and recall (a floor against regressions)", (context) => {
    const items = load("findings-eval-ru-en.json");
    const documents = asDocuments(items);
    const figures = pairwiseFigures(clusterContributions(documents).map((cluster) => cluster.memberIds), items);
    const averagePrecision = rankingAveragePrecision(scorePairs(documents), items);
    context.diagnostic(`findings-eval-ru-en: ${JSON.stringify(figures)}; pair-ranking average precision ${averagePrecision}`);
    // measured 2026-12-07: precision 0.68 (0.52 before a lone pair had to pass pairThreshold and pairEvidence),
    // recall 0.25 within a language and 0.07 across; average precision of the pair ranking 0.15. After the
    // glossary stopped its false concept matches (same day): precision 0.49, recall 0.19 within, 0.09 across,
    // average precision 0.136 — the parameters had been chosen while those false matches helped. With the
    // paraphrase lexicon (weight 3, threshold 0.25): precision 0.76, recall 0.23 within, 0.16 across (11 pairs),
    // average precision 0.22; with a lone pair held to 0.5: precision 0.80, recall 0.20 within, 0.13 across (9 pairs).
    assert.ok(figures.overall.precision! >= 0.75, `precision ${figures.overall.precision}`);
    assert.ok(figures.withinLanguage.recall! >= 0.18, `same-language recall ${figures.withinLanguage.recall}`);
    assert.ok(figures.acrossLanguages.correct >= 8, `cross-language pairs found ${figures.acrossLanguages.correct}`);
    assert.ok(averagePrecision! >= 0.2, `pair-ranking average precision ${averagePrecision}`);
  });
});

describe("recurring findings: a pair on its own needs more than the merge threshold", () => {
  test("a lone pair needs pairThreshold and, in one language, several shared words; three members corroborate at the threshold", () => {
    const languages: Record<string, string> = { g: "ru", h: "en" };
    const documents: ClusterDocument[] = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"].map((id, index) => ({ id, unit: `u${index % 2}`, language: languages[id] ?? "en", body: `${id}.` }));
    const { threshold, pairThreshold, pairEvidence } = DEFAULT_CLUSTERING;
    const between = (threshold + pairThreshold) / 2;
    const pair = (a: string, b: string, score: number, evidence: number): ScoredPair => ({ a, b, score, sharedTerms: ["x"], evidence });
    const clusters = clusterPairs(documents, [
      pair("a", "b", between, pairEvidence + 2), // above the merge threshold, under the pair threshold
      pair("c", "d", 0.9, 1), // strong, but one word in common (a word and its concept count once)
      pair("e", "f", pairThreshold, pairEvidence), // just enough of both
      pair("g", "h", pairThreshold + 0.05, 1), // Russian–English: one shared concept is the evidence
      pair("i", "j", between, 1), // three members, each pair alone too weak: they corroborate each other
      pair("j", "k", between, 1),
      pair("i", "k", between, 1),
    ]);
    assert.deepEqual(clusters.map((cluster) => cluster.memberIds.join(",")).sort(), ["e,f", "g,h", "i,j,k"]);
  });

  test("two contributions sharing one word are not a finding, two sharing several things are", () => {
    // [id, unit, body], all in English
    const documents: ClusterDocument[] = [
      ["quarry", "A", "The permit for the quarry was issued in clear violation of the water code."],
      ["inspectorate", "B", "Every violation we reported to the inspectorate went unanswered for months."],
      ["late-1", "A", "Hearings are announced only a few days ahead, so residents cannot read the project documents in time."],
      ["late-2", "C", "Residents learn about hearings days before they happen, with no time to read the documents of the project."],
    ].map(([id, unit, body]) => ({ id: id!, unit: unit!, language: "en", body: body! }));
    const violation = scorePairs(documents).find((pair) => pair.a === "quarry" && pair.b === "inspectorate");
    assert.ok(violation && violation.score >= DEFAULT_CLUSTERING.pairThreshold, "the one shared word scores high: nothing else is shared");
    assert.equal(violation.evidence, 1, "“violation” and its glossary concept are one piece of evidence");
    assert.deepEqual(clusterContributions(documents).map((cluster) => cluster.memberIds), [["late-1", "late-2"]]);
  });
});

describe("recurring findings: the paraphrase lexicon (clustering-lexicon.json)", () => {
  test("every term is matched (none that the analyser reduces to nothing or to one word of several) and names one concept", () => {
    const { concepts } = JSON.parse(readFileSync(new URL("./clustering-lexicon.json", import.meta.url), "utf8")) as { concepts: GlossaryEntry[] };
    const owner = new Map<string, string>();
    for (const concept of concepts) {
      assert.match(concept.id, /^lex:[a-z-]+$/);
      for (const term of [...concept.en, ...concept.ru]) {
        const analysis = analyseTerm(term);
        assert.notEqual(analysis.use, "unusable", `${concept.id}: “${term}” (${analysis.reason})`);
        const key = analysis.stems.join(" ");
        assert.ok(!owner.has(key) || owner.get(key) === concept.id, `“${term}” names both ${owner.get(key)} and ${concept.id}`);
        owner.set(key, concept.id);
      }
    }
  });

  test("the same request in other words, in Russian and English, outranks texts on the same topic making another point", () => {
    // written for this test: two ask for remote participation in hearings, two others complain about hearings otherwise
    const documents: ClusterDocument[] = [
      ["remote-en", "A", "en", "Let people follow the hearing by video link and speak remotely: for most villagers the trip to the district town takes a whole day."],
      ["remote-ru", "B", "ru", "Жителям дальних посёлков до места слушаний добираться далеко — пусть будет видеосвязь, чтобы выступить, не выезжая из дома."],
      ["ignored-en", "C", "en", "At the hearing our objections were simply ignored, and the minutes never mentioned them."],
      ["hours-ru", "C", "ru", "Слушания назначают на рабочее время, когда большинство людей на работе."],
    ].map(([id, unit, language, body]) => ({ id: id!, unit: unit!, language: language!, body: body! }));
    const scoreOf = (lexiconWeight: number, a: string, b: string) =>
      scorePairs(documents, { ...DEFAULT_CLUSTERING, lexiconWeight }).find((pair) => (pair.a === a && pair.b === b) || (pair.a === b && pair.b === a))?.score ?? 0;
    const others = [["remote-en", "ignored-en"], ["remote-en", "hours-ru"], ["remote-ru", "ignored-en"], ["remote-ru", "hours-ru"]] as const;
    const best = (lexiconWeight: number) => Math.max(...others.map(([a, b]) => scoreOf(lexiconWeight, a, b)));
    assert.ok(scoreOf(0, "remote-en", "remote-ru") <= best(0), "without the lexicon only “hearing” ties them, like the others");
    assert.ok(scoreOf(DEFAULT_CLUSTERING.lexiconWeight, "remote-en", "remote-ru") > best(DEFAULT_CLUSTERING.lexiconWeight), "video link / видеосвязь and far / далеко name the same request");
    const pair = scorePairs(documents).find((candidate) => candidate.a === "remote-en" && candidate.b === "remote-ru")!;
    assert.ok(pair.sharedTerms.includes("lex:remote") && pair.sharedTerms.includes("lex:distance"), pair.sharedTerms.join(" "));
  });
});
