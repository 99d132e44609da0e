import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { listCountries, listRegions, regionsOf } from "../../src/platform/countries";
import { DEMO_ACCOUNTS } from "../../src/platform/demo";
import { PSEUDO_LOCALE } from "../../src/platform/i18n/pseudo-locale";
import { LOCALES } from "../../src/platform/i18n/locales";
import { load } from "cheerio";
import type { Element } from "domhandler";
import type { LightMyRequestResponse } from "fastify";
import { Browser } from "../../src/testing/harness";
import { type RunningConvene, startConvene } from "./support";

// The pseudo-locale run: every page a visitor and the demo administrator reach from the home page, the module lists
// and the admin pages is shown in the pseudo locale, where each catalog message reads "[Àççéñţéđ]". Interface text
// still in plain English there was not taken from a catalog: a translator could never reach it.
// The crawl reads the HTML the server sends (through app.inject, parsed as a browser parses it, by parse5): the
// pages are complete without JavaScript, and loading ~450 of them in Chromium cost ~3 minutes of CPU a run.

/** Words that are the same in every language: the product's and standards' names, units and Intl's date parts. */
const ALLOWED_WORDS = new Set(
  [
    "Convene", "API", "OpenAPI", "CSV", "JSON", "RSS", "Atom", "ICS", "iCal", "XLSX", "PDF", "HTML", "URL", "UTC", "GMT", "SDG", "SDGs", "OAuth", "HTTP", "HTTPS", "ID",
    "AM", "PM", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    "January", "February", "March", "April", "June", "July", "August", "September", "October", "November", "December",
    "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
  ].map((word) => word.toLowerCase()),
);

/**
 * Short, justified exceptions: text that is not a message on purpose.
 * (/api/docs is not visited: the API reference is the OpenAPI document's English descriptions, written for developers.)
 */
const ALLOWED_TEXTS = new Set<string>([
  // A content card's kind ("Commitment") is snapshotted with the card in each of the six languages (showcases'
  // kindLabels): the pseudo locale, not among them, shows the English snapshot of what is a catalog message.
  "Commitment",
]);

const normalise = (text: string): string => text.replace(/\s+/g, " ").trim();

/**
 * Every text the demo content holds (any text or JSON column of any table), plus the names Intl gives for countries
 * and languages: text found in it is content or locale data, not interface text.
 */
async function contentCorpus(convene: RunningConvene): Promise<string> {
  const texts: string[] = [];
  const collect = (value: unknown): void => {
    // Markdown is stored as written and shown rendered, each block (heading, paragraph, list item) an element of
    // its own: its text is kept as written, as rendered, and block by block
    if (typeof value === "string") {
      const rendered = value.replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/[*_`]+|^\s*(?:[-+>#]+|\d+\.)\s+/gm, "");
      texts.push(normalise(value), normalise(rendered));
      if (/\n/.test(value)) texts.push(...rendered.split(/\n/).map(normalise).filter(Boolean));
    }
    else if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === "object") Object.values(value).forEach(collect);
  };
  await convene.app.services.database.withConnection(async (query) => {
    const columns = await query(
      "select table_name, column_name, data_type from information_schema.columns where table_schema = 'public' and data_type in ('text', 'character varying', 'jsonb', 'json', 'ARRAY') order by table_name",
    );
    for (const column of columns) {
      const rows = await query(`select "${String(column.column_name)}" as value from "${String(column.table_name)}" where "${String(column.column_name)}" is not null limit 20000`);
      for (const row of rows) {
        const value = row.value;
        if (typeof value === "string" && (column.data_type === "jsonb" || column.data_type === "json")) {
          try {
            collect(JSON.parse(value));
          } catch {
            collect(value);
          }
        } else collect(value);
      }
    }
  });
  // the United Nations' names of countries and regions (reference data in English, like the content)
  for (const country of listCountries("en")) texts.push(country.name);
  for (const region of listRegions("en")) texts.push(region.name);
  // and the M49 region chain of each country, intermediate regions among them ("Eastern Africa")
  for (const country of listCountries("en")) texts.push(...regionsOf(country.code, "en").map((region) => region.name));
  // each interface language's own name ("Français"), which language pickers show as it is in every language
  for (const locale of LOCALES) texts.push(locale.name);
  const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  const regions = new Intl.DisplayNames(["en-GB"], { type: "region" });
  const languages = new Intl.DisplayNames(["en-GB"], { type: "language" });
  for (const first of letters) {
    for (const second of letters) {
      const code = `${first}${second}`;
      for (const names of [regions, languages]) {
        try {
          const name = names.of(names === languages ? code.toLowerCase() : code);
          if (name && name.toLowerCase() !== code.toLowerCase()) texts.push(name);
        } catch {
          // not a code Intl knows
        }
      }
    }
  }
  return `\u0000${texts.join("\u0000")}\u0000`;
}

type Finding = { text: string; where: string; block: string };

/** The elements whose text is not interface text: code, times formatted by Intl in the page's locale, quotes (content). */
const SKIPPED_TAGS = new Set(["script", "style", "template", "noscript", "code", "pre", "kbd", "samp", "textarea", "time", "blockquote", "q"]);
/** The elements a finding's surrounding block is (its nearest one of these). */
const BLOCK_TAGS = new Set(["p", "li", "td", "th", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figcaption", "label", "legend", "summary", "option", "a", "button"]);

/**
 * What the crawl reads of a page: its language, its links and its interface texts that are not pseudo-translated —
 * text nodes and the attributes people hear or see (aria-label, title, alt, placeholder, button values), skipping
 * code, text in another `lang` than the page's (content falls back marked) and anything whose words are all
 * accented or allowed.
 */
function readPage(html: string, pageUrl: string): { lang: string; hrefs: string[]; findings: Finding[] } {
  const $ = load(html);
  const root = $("html")[0] as Element | undefined;
  const pageLang = root?.attribs.lang ?? "";
  const hrefs = [
    ...new Set(
      $("a[href]")
        .toArray()
        .flatMap((link) => {
          try {
            return [new URL((link as Element).attribs.href!, pageUrl).href.replace(/#.*$/, "")];
          } catch {
            return [];
          }
        }),
    ),
  ];
  const findings: Finding[] = [];
  const describe = (element: Element): string => {
    const parts: string[] = [];
    for (let node: Element | null = element; node && node.name !== "body" && node.name !== "html" && parts.length < 4; node = node.parent as Element | null) {
      const classes = (node.attribs.class ?? "").split(/\s+/).filter(Boolean);
      parts.unshift(`${node.name}${node.attribs.id ? `#${node.attribs.id}` : ""}${classes.length ? `.${classes.join(".")}` : ""}`);
    }
    return parts.join(" > ") || "html";
  };
  const consider = (text: string, element: Element, block: Element | undefined) => {
    if (/[A-Za-z]{2}/.test(text)) findings.push({ text, where: describe(element), block: $(block ?? element).text() });
  };
  // Down the tree once, carrying what `closest()` would find above each node: a skipped element, the nearest `lang`
  // and the nearest block.
  const walk = (element: Element, isSkipped: boolean, nearestLang: string | undefined, block: Element | undefined): void => {
    const lang = element.name !== "html" && element.attribs.lang !== undefined ? element.attribs.lang : nearestLang;
    const skipped = isSkipped || SKIPPED_TAGS.has(element.name) || element.attribs.translate === "no" || (lang !== undefined && lang !== pageLang);
    const around = BLOCK_TAGS.has(element.name) ? element : block;
    if (!skipped) {
      const attributes = element.attribs;
      for (const name of ["aria-label", "title", "alt", "placeholder", "value"]) {
        const value = attributes[name];
        if (!value) continue;
        if (name === "alt" && element.name !== "img") continue;
        if (name === "value" && !(element.name === "input" && (attributes.type === "submit" || attributes.type === "button"))) continue;
        consider(value, element, around);
      }
    }
    for (const child of element.children) {
      if (child.type === "text") {
        if (!skipped && child.data) consider(child.data, element, around);
      } else if (child.type === "tag" || child.type === "script" || child.type === "style") walk(child as Element, skipped, lang, around);
    }
  };
  const body = $("body")[0] as Element | undefined;
  if (body) walk(body, false, undefined, undefined);
  if (root) consider(normalise($("title").first().text()), root, undefined);
  return { lang: pageLang, hrefs, findings };
}

/** The words of a text that are plain (unaccented) Latin, outside bracketed pseudo messages, links and time zones. */
function plainWords(text: string): string[] {
  return text
    .replace(/\[[^[\]]*\]/g, " ")
    .replace(/https?:\/\/\S+|\S+@\S+|\b[A-Z][a-z]+\/[A-Za-z_-]+(\/[A-Za-z_-]+)?|\/[\w\-/.?=&%]*|\b[\w-]+(?:\.[\w-]+)+\b/g, " ")
    .split(/[^A-Za-z0-9'’-]+/)
    .map((word) => word.replace(/^['’-]+|['’-]+$/g, ""))
    // words in capitals are codes and acronyms (AARHUS, GBF-TARGET-02, NGO), the same in every language, and words
    // with digits are identifiers (a support reference's UUID)
    .filter((word) => /[A-Za-z]{2,}/.test(word) && !/^\d/.test(word) && !/^[A-Z0-9-]+$/.test(word) && !/\d/.test(word) && !ALLOWED_WORDS.has(word.toLowerCase()));
}

/** A piece of text without what pages add around content: numbering, counts or codes in brackets ("(A)"), wrapping brackets. */
const cleaned = (piece: string): string =>
  normalise(piece)
    .replace(/\s*\([A-Z0-9][A-Z0-9.-]*\)$/, "")
    .replace(/^[\s()[\]]+|[\s()[\]]+$/g, "")
    .replace(/^(?:[A-Z][A-Z0-9-]*\.?\s+)?(?:\d+(?:\.\d+)*\.?\s+)?(?=[A-Za-z])/, "")
    .replace(/\s*\(\d+\)$|:\s*[\d.,]+$/, "")
    .replace(/^\((.*)\)$/, "$1")
    .replace(/[\s.\d]+$/, "")
    .trim();

/**
 * Whether every plain-English piece of a text is content: the text is cut where pages join content with interface
 * text — first at " · ", dashes and pseudo messages, then at commas and colons, then at brackets and "#" — and a
 * piece that is not content as a whole is looked at in its finer pieces.
 */
function isAllContent(text: string, isContent: (piece: string) => boolean, level = 0): boolean {
  // a pseudo-translated word (no plain Latin letter, some accented one) is interface text: content is around it
  if (level === 0) text = text.replace(/\S+/g, (word) => (/[A-Za-z]/.test(word) || !/[À-ɏ]/.test(word) ? word : " · ")).replace(/^#\d+\s+/, "");
  const separators = [/\[[^[\]]*\]|(?:^|\s)[·—–|→](?:\s|$)|\s\/\s/, /[,;:«»“”"]\s?/, /[()#]|(?:^|\s)\d+(?:\.\d+)*\.?(?=\s)/];
  return text.split(separators[level]!).every((raw) => {
    const piece = cleaned(raw);
    if (plainWords(piece).length === 0 || isContent(piece)) return true;
    return level + 1 < separators.length && isAllContent(piece, isContent, level + 1);
  });
}

const DOWNLOAD = /\.(csv|ics|json|xml|xlsx|pdf|png|svg|zip|txt|md|atom|rss)(\?|$)|\/(export|exports|feed|feeds|download|api|widgets?)(\/|\?|$)|\/logout/;

/** Of a page's links, the same-origin pages, without downloads, feeds, the API or other-language variants. */
function pageLinks(hrefs: string[], origin: string): string[] {
  return hrefs
    .map((href) => new URL(href))
    .filter((url) => url.origin === origin && !url.searchParams.has("lang") && !DOWNLOAD.test(url.pathname))
    .map((url) => `${url.pathname}${url.search}`);
}

/**
 * A page's shape for the crawl's budget: the route that serves it ("/spaces/:slug/news/:id"), so two spaces' news
 * pages are one view, whatever their slugs; for an address no route serves, the path with segments holding a digit or
 * long slugs as "*". Two pages of each view (two data states) are enough to see every view.
 */
const shapeOf = (convene: RunningConvene, path: string): string =>
  convene.routeOf(path.replace(/\?.*$/, "")) ??
  path
    .replace(/\?.*$/, "")
    .split("/")
    .map((segment) => (/\d/.test(segment) || segment.length > 24 ? "*" : segment))
    .join("/");

describe("pseudo-locale run through the pages", () => {
  let convene: RunningConvene;
  let corpus = "";
  const previous = process.env.CONVENE_PSEUDO_LOCALE;

  before(async () => {
    process.env.CONVENE_PSEUDO_LOCALE = "1";
    convene = await startConvene();
    corpus = await contentCorpus(convene);
  });
  after(async () => {
    await convene?.stop();
    if (previous === undefined) delete process.env.CONVENE_PSEUDO_LOCALE;
    else process.env.CONVENE_PSEUDO_LOCALE = previous;
  });

  // A single word must be a whole value of the content (a name, a key); several words may be part of one (prose).
  // (remembered: the same texts come back on every page, and the corpus is long)
  const known = new Map<string, boolean>();
  const isContent = (text: string): boolean => {
    let is = known.get(text);
    if (is === undefined) known.set(text, (is = /\s/.test(text) ? corpus.includes(text) : corpus.includes(`\u0000${text}\u0000`)));
    return is;
  };
  const isUntranslated = (finding: Finding, typed: Set<string>): boolean => {
    const isKnown = (piece: string) => typed.has(piece) || isContent(piece);
    return !ALLOWED_TEXTS.has(normalise(finding.text)) && !isContent(normalise(finding.block)) && !isAllContent(finding.text, isKnown);
  };

  /**
   * Gets a page as a browser with JavaScript off does, following redirects; also returns where it ended and every
   * answer on the way (a redirect may set the language cookie).
   */
  async function visit(person: Browser, path: string): Promise<{ response: LightMyRequestResponse; url: string; chain: LightMyRequestResponse[] }> {
    const chain: LightMyRequestResponse[] = [];
    let url = new URL(path, convene.baseUrl);
    for (;;) {
      const response = await person.get(`${url.pathname}${url.search}`);
      chain.push(response);
      const location = response.headers.location;
      if (response.statusCode < 300 || response.statusCode >= 400 || typeof location !== "string" || chain.length > 5) return { response, url: url.href, chain };
      url = new URL(location, url);
      if (url.origin !== convene.baseUrl) return { response, url: url.href, chain };
    }
  }

  /** Visits pages breadth first from `seeds` and returns each untranslated interface text with the pages showing it. */
  async function crawl(person: Browser, seeds: string[], budget: number): Promise<{ found: Map<string, Set<string>>; visits: number; seconds: number }> {
    const started = performance.now();
    await visit(person, `/?lang=${PSEUDO_LOCALE}`);
    const found = new Map<string, Set<string>>();
    const queue = [...seeds];
    const seen = new Set(queue);
    const perShape = new Map<string, number>();
    let visits = 0;
    let previousPath = "";
    // every answer since the last report that set the language cookie to another language
    const languageSetters: string[] = [];
    while (queue.length && visits < budget) {
      const path = queue.shift()!;
      const shape = shapeOf(convene, path);
      if ((perShape.get(shape) ?? 0) >= 2) continue;
      perShape.set(shape, (perShape.get(shape) ?? 0) + 1);
      const { response, url, chain } = await visit(person, path);
      for (const answer of chain) {
        for (const cookie of answer.cookies) if (cookie.name === "convene_lang" && cookie.value !== PSEUDO_LOCALE) languageSetters.push(`${path} set it to "${cookie.value}"`);
      }
      if (!String(response.headers["content-type"] ?? "").startsWith("text/html") || (response.statusCode >= 300 && response.statusCode < 400)) continue;
      visits += 1;
      const { lang, hrefs, findings } = readPage(response.body, url);
      if (lang !== PSEUDO_LOCALE) {
        // the language cookie changed on the way here: say where, and take the pseudo locale up again
        const key = `<html lang="${lang}">: the language changed after ${previousPath} (${languageSetters.splice(0).join("; ") || "no response set the cookie"})`;
        found.set(key, (found.get(key) ?? new Set()).add(path));
        await visit(person, `/?lang=${PSEUDO_LOCALE}`);
        continue;
      }
      previousPath = path;
      // what the address carries (a search's words) is the person's input, shown back to them
      const typed = new Set([...new URL(url).searchParams.values()].map(normalise));
      for (const finding of findings) {
        if (!isUntranslated(finding, typed)) continue;
        const key = `${normalise(finding.text)}  ⟨${finding.where}⟩`;
        found.set(key, (found.get(key) ?? new Set()).add(path));
      }
      for (const link of pageLinks(hrefs, convene.baseUrl)) {
        if (!seen.has(link)) {
          seen.add(link);
          queue.push(link);
        }
      }
    }
    assert.ok(visits > 20, `the crawl reached only ${visits} pages`);
    return { found, visits, seconds: (performance.now() - started) / 1000 };
  }

  const report = (found: Map<string, Set<string>>): string[] => [...found].map(([text, paths]) => `${text} on ${[...paths].slice(0, 3).join(", ")}`).sort();

  /** Fails listing the findings; the full list is also written to a file, as a long diff is cut short. */
  const assertNone = (found: Map<string, Set<string>>, who: string): void => {
    const lines = report(found);
    if (lines.length) writeFileSync(join(tmpdir(), `pseudo-locale-${who}.txt`), `${lines.join("\n")}\n`);
    assert.deepEqual(lines, [], `interface text not taken from a catalog (${lines.length}; all in ${join(tmpdir(), `pseudo-locale-${who}.txt`)})`);
  };

  it("shows no hard-coded interface text to a visitor", async (t) => {
    const { found, visits, seconds } = await crawl(new Browser(convene.app), ["/", "/spaces", "/events", "/organisations", "/knowledge", "/search?q=water", "/frameworks", "/login", "/register"], 160);
    t.diagnostic(`the visitor's crawl: ${visits} pages in ${seconds.toFixed(1)} s`);
    assertNone(found, "visitor");
  });

  // Every view the demo administrator reaches, two pages each (the shapes bound the crawl, ~300 pages; 600 is only a
  // backstop against a runaway)
  it("shows no hard-coded interface text to the demo administrator", async (t) => {
    // a person of their own, so nothing the visitor's crawl left behind (cookies) carries over
    const admin = await new Browser(convene.app).logIn(DEMO_ACCOUNTS.admin.email, DEMO_ACCOUNTS.admin.password);
    const { found, visits, seconds } = await crawl(admin, ["/admin", "/account", "/", "/spaces", "/events", "/knowledge", "/organisations"], 600);
    t.diagnostic(`the administrator's crawl: ${visits} pages in ${seconds.toFixed(1)} s`);
    assertNone(found, "administrator");
  });
});
