// Checks the glossary data files (curated.json, frameworks.json, thesaurus.json) and prints their counts per domain.
// Run: npx tsx src/modules/knowledge/glossary/validate.ts   (exit code 1 when a file has errors)
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { analyseTerm } from "../../../platform/search/glossary";

export const GLOSSARY_DOMAINS = ["aarhus", "mercury", "biodiversity", "migration", "governance", "legal", "platform", "general"] as const;
export type GlossaryDomain = (typeof GLOSSARY_DOMAINS)[number];
export const GLOSSARY_LANGUAGES = ["en", "ru"] as const;
export type GlossaryLanguage = (typeof GLOSSARY_LANGUAGES)[number];

export type GlossaryConcept = { id: string; domain: GlossaryDomain; en: string[]; ru: string[] };

export type GlossaryReport = {
  errors: string[];
  concepts: GlossaryConcept[];
  countsByDomain: Record<string, number>;
  termCount: Record<GlossaryLanguage, number>;
  /** Terms listed as ambiguous in the file, with the concepts that share each one. */
  sharedTerms: { language: GlossaryLanguage; term: string; ids: string[] }[];
};

/**
 * The form two terms are compared in: lower case, ё read as е (the files prefer е), inner spaces collapsed.
 * A search that matches a query against the glossary should fold both sides the same way.
 */
export function normalizeTerm(term: string): string {
  return term.toLowerCase().replace(/ё/g, "е").replace(/\s+/g, " ").trim();
}

const UNUSABLE = {
  "no-content": "has no word search keeps (only stop words or one-character words)",
  collapsed: "is reduced to one word by stop-word removal (search would match that word alone); name the concept in words that stay",
  "lost-word": "has a one-character number or letter, which search drops, so it cannot be told apart from the rest of the term",
  "short-stem": "",
} as const;

const ID_PATTERN = /^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$/;
const CYRILLIC = /[\u0400-\u04FF]/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === "string") ? value : undefined;
}

/** Validates one parsed glossary file: shape, ids, domains, terms, and terms shared between concepts. */
export function validateGlossary(data: unknown, fileName: string): GlossaryReport {
  const errors: string[] = [];
  const concepts: GlossaryConcept[] = [];
  const countsByDomain: Record<string, number> = {};
  const termCount: Record<GlossaryLanguage, number> = { en: 0, ru: 0 };
  const sharedTerms: GlossaryReport["sharedTerms"] = [];
  const fail = (message: string) => errors.push(`${fileName}: ${message}`);

  if (!isRecord(data) || !Array.isArray(data.concepts)) {
    fail('expected an object with a "concepts" list');
    return { errors, concepts, countsByDomain, termCount, sharedTerms };
  }
  const ambiguous = isRecord(data.ambiguous) ? data.ambiguous : {};
  const seenIds = new Set<string>();
  // language → normalized term → ids of the concepts that use it
  const owners: Record<GlossaryLanguage, Map<string, string[]>> = { en: new Map(), ru: new Map() };
  // language → the stems a term is matched by → the concepts and terms that have them
  const stemOwners: Record<GlossaryLanguage, Map<string, { ids: Set<string>; terms: Set<string> }>> = { en: new Map(), ru: new Map() };

  data.concepts.forEach((entry: unknown, index: number) => {
    const where = `concept #${index + 1}`;
    if (!isRecord(entry)) return fail(`${where} is not an object`);
    const id = typeof entry.id === "string" ? entry.id : "";
    if (!ID_PATTERN.test(id)) return fail(`${where} has a missing or malformed id ${JSON.stringify(entry.id)}`);
    if (seenIds.has(id)) fail(`id "${id}" is used twice`);
    seenIds.add(id);
    const domain = entry.domain;
    if (typeof domain !== "string" || !(GLOSSARY_DOMAINS as readonly string[]).includes(domain)) {
      fail(`"${id}" has an unknown domain ${JSON.stringify(domain)}`);
    }
    const unknownKeys = Object.keys(entry).filter((key) => !["id", "domain", "en", "ru", "framework", "kind", "number", "unofficial"].includes(key));
    if (unknownKeys.length) fail(`"${id}" has unknown fields: ${unknownKeys.join(", ")}`);
    const terms: Partial<Record<GlossaryLanguage, string[]>> = {};
    for (const language of GLOSSARY_LANGUAGES) {
      const list = stringList(entry[language]);
      if (!list || list.length === 0) {
        fail(`"${id}" needs at least one ${language} term`);
        continue;
      }
      terms[language] = list;
      termCount[language] += list.length;
      const inConcept = new Set<string>();
      for (const term of list) {
        if (term.trim() === "") {
          fail(`"${id}" has an empty ${language} term`);
          continue;
        }
        if (term !== term.trim() || /\s{2,}/.test(term)) fail(`"${id}" ${language} term "${term}" has stray spaces`);
        if (/[.,;:]$/.test(term)) fail(`"${id}" ${language} term "${term}" ends in punctuation`);
        if (language === "en" && CYRILLIC.test(term)) fail(`"${id}" en term "${term}" contains Cyrillic letters`);
        if (language === "ru" && /[ёЁ]/.test(term)) fail(`"${id}" ru term "${term}" uses ё (the files write е)`);
        const key = normalizeTerm(term);
        if (inConcept.has(key)) fail(`"${id}" lists the ${language} term "${term}" twice`);
        inConcept.add(key);
        owners[language].set(key, [...(owners[language].get(key) ?? []), id]);
        const analysis = analyseTerm(term);
        // The first term is also the concept's name (a framework item's published label): it may stay, unused by search.
        if (analysis.use === "unusable" && term !== list[0]) fail(`"${id}" ${language} term "${term}" ${UNUSABLE[analysis.reason!]}`);
        if (analysis.use !== "stems") continue;
        const stemKey = analysis.stems.join(" ");
        const sharing = stemOwners[language].get(stemKey) ?? { ids: new Set<string>(), terms: new Set<string>() };
        sharing.ids.add(id);
        sharing.terms.add(key);
        stemOwners[language].set(stemKey, sharing);
      }
    }
    if (terms.ru && !terms.ru.some((term) => CYRILLIC.test(term))) fail(`"${id}" has no ru term in Cyrillic letters`);
    if ((terms.en || terms.ru) && ![...(terms.en ?? []), ...(terms.ru ?? [])].some((term) => analyseTerm(term).use !== "unusable")) {
      fail(`"${id}" has no term search can use: no question or text can ever name it`);
    }
    if (terms.en && terms.ru && typeof domain === "string") {
      concepts.push({ id, domain: domain as GlossaryDomain, en: terms.en, ru: terms.ru });
      countsByDomain[domain] = (countsByDomain[domain] ?? 0) + 1;
    }
  });

  for (const language of GLOSSARY_LANGUAGES) {
    const declared = new Set((stringList(ambiguous[language]) ?? []).map(normalizeTerm));
    for (const [term, ids] of owners[language]) {
      if (ids.length < 2) continue;
      if (declared.has(term)) sharedTerms.push({ language, term, ids });
      else fail(`${language} term "${term}" appears in ${ids.join(", ")}; keep it in one concept or list it under "ambiguous"`);
    }
    // Terms of different concepts that are matched by the same stems ("permitted" and "permit") are the same term
    // to every search: one of them must go, or the sharing be declared like any ambiguous term.
    for (const [stemKey, sharing] of stemOwners[language]) {
      if (sharing.ids.size < 2 || [...sharing.terms].some((term) => declared.has(term))) continue;
      fail(`${language} terms ${[...sharing.terms].map((term) => `"${term}"`).join(", ")} of ${[...sharing.ids].join(", ")} are all matched as "${stemKey}"; keep one, or list one under "ambiguous"`);
    }
    const sharedStems = new Set([...stemOwners[language].values()].filter((sharing) => sharing.ids.size > 1).flatMap((sharing) => [...sharing.terms]));
    for (const term of declared) {
      if ((owners[language].get(term)?.length ?? 0) < 2 && !sharedStems.has(term)) fail(`"ambiguous" lists the ${language} term "${term}", but no two concepts share it`);
    }
  }
  return { errors, concepts, countsByDomain, termCount, sharedTerms };
}

/** Reads and validates a glossary file; a file that is not JSON is reported as an error, not thrown. */
export function validateGlossaryFile(path: string): GlossaryReport {
  const fileName = path.split("/").pop() ?? path;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    return { errors: [`${fileName}: not valid JSON (${(error as Error).message})`], concepts: [], countsByDomain: {}, termCount: { en: 0, ru: 0 }, sharedTerms: [] };
  }
  return validateGlossary(data, fileName);
}

/**
 * The thesaurus's terms that search reads as a term of the curated glossary or the frameworks (same stems, same
 * language): a general word must not stand for a term of the field, which the index would then look for in second
 * place only. Each clash as "thesaurus id: language "term" = other id".
 */
export function thesaurusClashes(thesaurus: readonly GlossaryConcept[], primary: readonly GlossaryConcept[]): string[] {
  const owners: Record<GlossaryLanguage, Map<string, string>> = { en: new Map(), ru: new Map() };
  for (const concept of primary) {
    for (const language of GLOSSARY_LANGUAGES) {
      for (const term of concept[language]) {
        const analysis = analyseTerm(term);
        if (analysis.use === "stems") owners[language].set(analysis.stems.join(" "), concept.id);
      }
    }
  }
  const clashes: string[] = [];
  for (const concept of thesaurus) {
    for (const language of GLOSSARY_LANGUAGES) {
      for (const term of concept[language]) {
        const analysis = analyseTerm(term);
        const owner = analysis.use === "stems" ? owners[language].get(analysis.stems.join(" ")) : undefined;
        if (owner) clashes.push(`${concept.id}: ${language} "${term}" = ${owner}`);
      }
    }
  }
  return clashes;
}

function main(): number {
  const folder = fileURLToPath(new URL(".", import.meta.url));
  const reports = ["curated.json", "frameworks.json", "thesaurus.json"].map((name) => ({ name, report: validateGlossaryFile(folder + name) }));
  const out: string[] = [];
  for (const { name, report } of reports) {
    const total = report.concepts.length;
    out.push(`${name}: ${total} concepts, ${report.termCount.en} en terms, ${report.termCount.ru} ru terms`);
    for (const domain of GLOSSARY_DOMAINS) if (report.countsByDomain[domain]) out.push(`  ${domain.padEnd(13)} ${report.countsByDomain[domain]}`);
    for (const shared of report.sharedTerms) out.push(`  ambiguous ${shared.language} "${shared.term}": ${shared.ids.join(", ")}`);
    for (const error of report.errors) out.push(`  ERROR ${error}`);
  }
  // The files are meant to be used together, so an id may not repeat across them.
  const [curated, frameworks, thesaurus] = reports.map(({ report }) => new Set(report.concepts.map((concept) => concept.id)));
  const clashes = [...curated].filter((id) => frameworks.has(id) || thesaurus.has(id)).concat([...frameworks].filter((id) => thesaurus.has(id)));
  for (const id of clashes) out.push(`ERROR id "${id}" is in two of the files`);
  const termClashes = thesaurusClashes(reports[2]!.report.concepts, [...reports[0]!.report.concepts, ...reports[1]!.report.concepts]);
  for (const clash of termClashes) out.push(`ERROR thesaurus.json term read as a glossary term: ${clash}`);
  process.stdout.write(out.join("\n") + "\n");
  return reports.some(({ report }) => report.errors.length) || clashes.length || termClashes.length ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = main();
