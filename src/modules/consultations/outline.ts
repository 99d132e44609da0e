import { DAY_MS } from "../../platform/clock";
import type { GroupKind } from "./schema";

/**
 * Reads a secretariat's outline (Markdown or plain text, Russian or English, as pasted from a Word or PDF
 * document) into discussion groups / sessions → topics → guiding questions with their date windows.
 *
 * It is deliberately forgiving about layout (headings numbered "1:" or "1.", "Online discussion group",
 * questions as "1.", "1)", "-" or "⇒" bullets, text repeated by a PDF export) and strict about what would
 * build a wrong consultation (impossible dates, a number reused for a different topic): the former become
 * warnings, the latter errors. Every issue carries its line number and a message key, never English text.
 */

export type OutlineIssue = { line: number | null; key: string; values: Record<string, string | number> };
/** A window in whole days, both ends included, as written in the outline ("4–10 October"). */
export type OutlineWindow = { opensOn: string; closesOn: string; line: number };
export type OutlineQuestion = { text: string; line: number };
export type OutlineTopic = {
  /** The topic's address in the consultation: 1, 2, 3 … across all groups, in document order. */
  number: number;
  title: string;
  description: string;
  window: OutlineWindow | null;
  questions: OutlineQuestion[];
  line: number;
  /** Made from the group itself when questions sit directly under a group or session. */
  isImplicit: boolean;
};
export type OutlineGroup = { number: number; kind: GroupKind; title: string; description: string; window: OutlineWindow | null; topics: OutlineTopic[]; line: number };
export type ParsedOutline = {
  language: "en" | "ru";
  title: string;
  description: string;
  window: OutlineWindow | null;
  groups: OutlineGroup[];
  warnings: OutlineIssue[];
  errors: OutlineIssue[];
};
export type OutlineOptions = {
  defaultYear: number;
  language?: "en" | "ru";
  /** Today (YYYY-MM-DD, UTC): a window whose last day is before it gets a warning, as it would be created closed. */
  today?: string;
};

export const OUTLINE_LIMITS = { characters: 200_000, groups: 50, topics: 200, questionsPerTopic: 60, title: 300, question: 2000 } as const;

const K = "consultation.structure.outline.";

// ---- dates ----

const MONTHS: [RegExp, number][] = [
  [/^(jan(uary)?|январ[ьяе]|янв)$/, 1],
  [/^(feb(ruary)?|феврал[ьяе]|фев)$/, 2],
  [/^(mar(ch)?|марта?|марте|мар)$/, 3],
  [/^(apr(il)?|апрел[ьяе]|апр)$/, 4],
  [/^(may|ма[йяе])$/, 5],
  [/^(june?|июн[ьяе]|июн)$/, 6],
  [/^(july?|июл[ьяе]|июл)$/, 7],
  [/^(aug(ust)?|августа?|августе|авг)$/, 8],
  [/^(sep(t(ember)?)?|сентябр[ьяе]|сен|сент)$/, 9],
  [/^(oct(ober)?|октябр[ьяе]|окт)$/, 10],
  [/^(nov(ember)?|ноябр[ьяе]|ноя|нояб)$/, 11],
  [/^(dec(ember)?|декабр[ьяе]|дек)$/, 12],
];

function monthOf(word: string): number | null {
  const clean = word.replace(/\.$/, "");
  for (const [pattern, month] of MONTHS) if (pattern.test(clean)) return month;
  return null;
}

type DayParts = { day: number; month: number; year: number | null };
export type DateParse = { kind: "none" } | { kind: "invalid" } | { kind: "reversed" } | { kind: "ok"; opensOn: string; closesOn: string };

const W = "([a-zа-яё]+\\.?)";
const Y = "(?:,?\\s+(\\d{4}))?";

/** The text of a date or range normalised: lower case, one kind of dash, "from … to …" as "… - …". */
function normaliseDateText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u00a0\u2009\u202f]/g, " ")
    // "Сроки: с 5 по 10 октября" arrives as " с 5 по 10 октября": the leading "с"/"from" is found after a trim
    .trim()
    .replace(/[–—−‒]/g, "-")
    .replace(/(\d)(st|nd|rd|th)\b/g, "$1")
    .replace(/^(с|from|between)\s+/, "")
    .replace(/\s+(по|до|to|until|till|through|and|и)\s+/g, " - ")
    .replace(/\s*(г\.|года?|гг\.)\s*$/, "")
    .replace(/[.;,)]+$/, "")
    .replace(/^\(+/, "")
    .replace(/\s+/g, " ")
    .trim();
}

function isoOf(parts: { day: number; month: number; year: number }): string | null {
  if (parts.month < 1 || parts.month > 12 || parts.day < 1) return null;
  const date = new Date(Date.UTC(parts.year, parts.month - 1, parts.day));
  if (date.getUTCMonth() !== parts.month - 1 || date.getUTCDate() !== parts.day) return null;
  return date.toISOString().slice(0, 10);
}

function rangeOf(start: DayParts, end: DayParts, defaultYear: number): DateParse {
  // A range whose end month comes before its start month runs over the new year ("5 December – 5 January"):
  // it starts in the year given (or the coordinator's year) and ends in the next one. A year written on the
  // end only ("5 December – 5 January 2027") places the start in the year before it.
  const wrapsYear = start.month > end.month;
  let startYear: number;
  let endYear: number;
  if (start.year !== null) {
    startYear = start.year;
    endYear = end.year ?? (wrapsYear ? startYear + 1 : startYear);
  } else if (end.year !== null) {
    endYear = end.year;
    startYear = wrapsYear ? endYear - 1 : endYear;
  } else {
    startYear = defaultYear;
    endYear = wrapsYear ? defaultYear + 1 : defaultYear;
  }
  const opensOn = isoOf({ ...start, year: startYear });
  const closesOn = isoOf({ ...end, year: endYear });
  if (!opensOn || !closesOn) return { kind: "invalid" };
  if (closesOn < opensOn) return { kind: "reversed" };
  return { kind: "ok", opensOn, closesOn };
}

/**
 * A date or a range of days in Russian or English: "4–10 October", "4-10 октября", "30 сентября – 6 октября
 * 2026", "October 4–10", "2026-10-04 – 2026-10-10", "04.10.2026 – 10.10.2026", "с 4 по 10 октября".
 * "none" when the text is not a date at all; "invalid" when it is written as one but does not exist.
 */
export function parseDateText(text: string, defaultYear: number): DateParse {
  const value = normaliseDateText(text);
  if (!value || value.length > 60) return { kind: "none" };
  const number = (item: string | undefined) => (item === undefined ? null : Number(item));
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:\s*-\s*(\d{4})-(\d{1,2})-(\d{1,2}))?$/.exec(value);
  if (match) {
    const start = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
    const end = match[4] ? { year: Number(match[4]), month: Number(match[5]), day: Number(match[6]) } : start;
    return rangeOf(start, end, defaultYear);
  }
  match = /^(\d{1,2})\.(\d{1,2})(?:\.(\d{4}))?(?:\s*-\s*(\d{1,2})\.(\d{1,2})(?:\.(\d{4}))?)?$/.exec(value);
  if (match) {
    const start = { day: Number(match[1]), month: Number(match[2]), year: number(match[3]) };
    const end = match[4] ? { day: Number(match[4]), month: Number(match[5]), year: number(match[6]) } : start;
    return rangeOf(start, end.year === null && start.year !== null ? { ...end, year: start.year } : end, defaultYear);
  }
  // day first: "4 - 10 октября", "30 сентября - 6 октября 2026", "4 october"
  match = new RegExp(`^(\\d{1,2})(?:\\s+${W}${Y})?(?:\\s*-\\s*(\\d{1,2})\\s+${W}${Y})?$`).exec(value);
  if (match && (match[2] || match[5])) {
    const endMonth = match[5] ? monthOf(match[5]) : null;
    const startMonth = match[2] ? monthOf(match[2]) : endMonth;
    if (startMonth === null || (match[5] && endMonth === null)) return { kind: "none" };
    const start = { day: Number(match[1]), month: startMonth, year: number(match[3]) };
    if (!match[4]) return match[2] ? rangeOf(start, start, defaultYear) : { kind: "none" };
    return rangeOf(start, { day: Number(match[4]), month: endMonth ?? startMonth, year: number(match[6]) }, defaultYear);
  }
  // month first: "october 4 - 10", "october 4 - november 2, 2026"
  match = new RegExp(`^${W}\\s+(\\d{1,2})${Y}(?:\\s*-\\s*(?:${W}\\s+)?(\\d{1,2})${Y})?$`).exec(value);
  if (match) {
    const startMonth = monthOf(match[1]);
    const endMonth = match[4] ? monthOf(match[4]) : startMonth;
    if (startMonth === null || endMonth === null) return { kind: "none" };
    const start = { day: Number(match[2]), month: startMonth, year: number(match[3]) };
    if (!match[5]) return rangeOf(start, start, defaultYear);
    return rangeOf(start, { day: Number(match[5]), month: endMonth, year: number(match[6]) }, defaultYear);
  }
  return { kind: "none" };
}

/**
 * A range of days inside a sentence of the outline's introduction: "The consultation runs from 5 December to
 * 5 January." or "Консультация пройдёт с 5 декабря по 5 января." The longest run of words that reads as a range
 * (two different days) wins; a single date in a sentence ("published on 5 May") is not taken for a window.
 */
export function findDateRange(text: string, defaultYear: number): DateParse {
  if (text.length > 400) return { kind: "none" };
  const words = text.split(/\s+/).filter(Boolean);
  let best: { parse: DateParse; length: number } | null = null;
  for (let first = 0; first < words.length; first++) {
    for (let last = Math.min(words.length, first + 9); last > first + 1; last--) {
      if (best && last - first <= best.length) break;
      const parse = parseDateText(words.slice(first, last).join(" "), defaultYear);
      if (parse.kind === "none" || (parse.kind === "ok" && parse.opensOn === parse.closesOn)) continue;
      best = { parse, length: last - first };
      break;
    }
  }
  return best ? best.parse : { kind: "none" };
}

/** A window's instants: from the first day's midnight (UTC) to the midnight after the last day. */
export function windowInstants(window: OutlineWindow | null): { opensAt: Date | null; closesAt: Date | null } {
  if (!window) return { opensAt: null, closesAt: null };
  const opensAt = new Date(`${window.opensOn}T00:00:00Z`);
  const closesAt = new Date(new Date(`${window.closesOn}T00:00:00Z`).getTime() + DAY_MS);
  return { opensAt, closesAt };
}

// ---- lines ----

const NUMBER = "(\\d{1,3}|[ivxlc]{1,6})";
const SEPARATOR = "(?:\\s*[:.\\-–—)]\\s*|\\s+|$)";
const HEADINGS: { kind: "discussion" | "session" | "topic"; pattern: RegExp }[] = [
  { kind: "discussion", pattern: new RegExp(`^(?:online[\\s-]+)?(?:discussion\\s+)?group\\s+${NUMBER}${SEPARATOR}(.*)$`, "iu") },
  { kind: "discussion", pattern: new RegExp(`^(?:онлайн[\\s-]*)?(?:дискуссионная\\s+)?группа\\s+${NUMBER}${SEPARATOR}(.*)$`, "iu") },
  { kind: "session", pattern: new RegExp(`^(?:session|сессия|заседание)\\s+${NUMBER}${SEPARATOR}(.*)$`, "iu") },
  { kind: "topic", pattern: new RegExp(`^(?:topic|theme|тема)\\s+${NUMBER}${SEPARATOR}(.*)$`, "iu") },
];
const QUESTIONS_MARKER = /(guiding|discussion)\s+questions|questions\s+(for|to)\s+(discussion|consider)|наводящие\s+вопросы|вопросы\s+для\s+обсуждени/iu;
const OBJECTIVES_MARKER = /^(цели|цель|задачи|objectives?|goals?|aims?|purpose)(?=[\s:(]|$)[^.?!]{0,80}$/iu;
const SUB_ITEM = /^(?:[-*+•]\s*)?(?:[ivx]{1,5}|[a-zа-я])\)\s+(.*)$/iu;
const BULLET = /^(?:[-*+•⇒→➢►▪◦]\s*)+(.*)$/u;
const NUMBERED = /^(\d{1,3})[.)](?:\s+(.*)|$)/u;
const UNNUMBERED_HEADING = /^(?:topic|theme|тема|session|сессия|заседание|(?:online[\s-]+)?(?:discussion\s+)?group|(?:онлайн[\s-]*)?(?:дискуссионная\s+)?группа)\s*[:.]/iu;

type Heading = { kind: "discussion" | "session" | "topic"; sourceNumber: number; title: string; window: OutlineWindow | null };

function romanValue(text: string): number {
  const values: Record<string, number> = { i: 1, v: 5, x: 10, l: 50, c: 100 };
  let total = 0;
  const letters = text.toLowerCase();
  for (let index = 0; index < letters.length; index++) {
    const current = values[letters[index]!] ?? 0;
    const next = values[letters[index + 1] ?? ""] ?? 0;
    total += current < next ? -current : current;
  }
  return total;
}

/** A line with the Word/PDF debris taken off: bookmarks, Markdown heading marks and emphasis, odd spaces. */
function cleanLine(line: string): string {
  return line
    .replace(/^\uFEFF/, "")
    .replace(/[\u00a0\u2009\u202f\t]/g, " ")
    .replace(/^\s*\[bookmark:[^\]]*\]/iu, "")
    .trim();
}

function stripMarkdown(text: string): string {
  return text.replace(/^#{1,6}\s+/, "").replace(/\*\*|__/g, "").trim();
}

/** Title comparison that survives wrapping and trailing punctuation (a PDF repeats a heading cut short). */
function sameTitle(first: string, second: string): boolean {
  const normal = (text: string) => text.toLowerCase().replace(/[\s:.;,–—-]+$/u, "").replace(/\s+/g, " ").trim();
  const a = normal(first);
  const b = normal(second);
  return a === b || (b.length >= 12 && a.startsWith(b)) || (a.length >= 12 && b.startsWith(a));
}

function isCyrillicText(text: string): boolean {
  const cyrillic = (text.match(/[а-яё]/giu) ?? []).length;
  const latin = (text.match(/[a-z]/giu) ?? []).length;
  return cyrillic > latin;
}

type Element = { description: string[]; window: OutlineWindow | null; line: number };
type TopicDraft = OutlineTopic & { sourceNumber: number | null; descriptionLines: string[]; skipNumbering: boolean };
type GroupDraft = Omit<OutlineGroup, "topics"> & { topics: TopicDraft[]; sourceNumber: number; descriptionLines: string[] };

/** Parses an outline; `errors` empty means it can be created as it is. */
export function parseOutline(text: string, options: OutlineOptions): ParsedOutline {
  const errors: OutlineIssue[] = [];
  const warnings: OutlineIssue[] = [];
  const error = (line: number | null, key: string, values: Record<string, string | number> = {}) => errors.push({ line, key: K + "error." + key, values: line === null ? values : { line, ...values } });
  const warn = (line: number | null, key: string, values: Record<string, string | number> = {}) => warnings.push({ line, key: K + "warning." + key, values: line === null ? values : { line, ...values } });

  const source = text.length > OUTLINE_LIMITS.characters ? text.slice(0, OUTLINE_LIMITS.characters) : text;
  if (text.length > OUTLINE_LIMITS.characters) error(null, "too_long", { max: OUTLINE_LIMITS.characters });
  const lines = source.split(/\r\n|\r|\n/);
  const language = options.language ?? (isCyrillicText(source) ? "ru" : "en");

  const consultation: Element = { description: [], window: null, line: 0 };
  let title = "";
  let markdownTitle = "";
  const groups: GroupDraft[] = [];
  let group: GroupDraft | null = null;
  let topic: TopicDraft | null = null;
  let mode: "questions" | "objectives" = "questions";
  let isSkipping = false;
  let lastQuestion: OutlineQuestion | null = null;
  let pendingWindow: OutlineWindow | null = null;
  let preambleItems = { count: 0, line: 0 };
  let topicCount = 0;
  // True right after a heading, until some other line: a date there belongs to that heading.
  let isJustOpened = false;

  const current = (): { description: string[]; window: OutlineWindow | null; line: number; setWindow: (window: OutlineWindow) => void } => {
    const target = topic ?? group;
    if (target) {
      return {
        description: target.descriptionLines,
        window: target.window,
        line: target.line,
        setWindow: (window) => {
          if (target.window) warn(window.line, "window_replaced", { first: target.window.line });
          target.window = window;
        },
      };
    }
    return {
      ...consultation,
      setWindow: (window) => {
        if (consultation.window) warn(window.line, "window_replaced", { first: consultation.window.line });
        consultation.window = window;
      },
    };
  };
  const placePendingWindow = () => {
    if (!pendingWindow) return;
    current().setWindow(pendingWindow);
    pendingWindow = null;
  };
  const addDescription = (line: string) => {
    const target = current();
    target.description.push(line);
  };

  const readHeading = (line: string, lineNumber: number): Heading | null => {
    const bare = stripMarkdown(line);
    for (const { kind, pattern } of HEADINGS) {
      const match = pattern.exec(bare);
      // Roman numbers count in capitals only, so "Group civil society" is not group CIVIL.
      if (!match || (!/^\d+$/.test(match[1]!) && match[1] !== match[1]!.toUpperCase())) continue;
      const sourceNumber = /^\d+$/.test(match[1]!) ? Number(match[1]) : romanValue(match[1]!);
      let headingTitle = match[2]!.trim();
      let window: OutlineWindow | null = null;
      // A date at the end of a heading: "Topic 2: Reporting (4–10 October)" or "… — 4–10 October".
      const tail = /^(.*?)(?:\s*\(([^()]+)\)|\s+[–—-]\s+([^–—]+)|,\s+([^,]+))\s*$/u.exec(headingTitle);
      const dateText = tail ? (tail[2] ?? tail[3] ?? tail[4]) : undefined;
      if (tail && dateText) {
        const parsed = parseDateText(dateText, options.defaultYear);
        if (parsed.kind === "ok") {
          window = { opensOn: parsed.opensOn, closesOn: parsed.closesOn, line: lineNumber };
          headingTitle = tail[1]!.trim();
        } else if (parsed.kind === "invalid") error(lineNumber, "invalid_date", { text: dateText.trim() });
        else if (parsed.kind === "reversed") error(lineNumber, "window_reversed", { text: dateText.trim() });
      }
      return { kind, sourceNumber, title: headingTitle.replace(/[\s:]+$/u, "").trim(), window };
    }
    return null;
  };

  /** A line that is only a date or a labelled date ("Second week: 4–10 October"). */
  const readWindowLine = (line: string, lineNumber: number): OutlineWindow | "invalid" | null => {
    if (line.length > 100) return null;
    const candidates = [line];
    const colon = line.indexOf(":");
    if (colon > 0 && colon < 50 && !/[?]/.test(line.slice(0, colon)) && line.slice(0, colon).trim().split(/\s+/).length <= 6) candidates.push(line.slice(colon + 1));
    for (const candidate of candidates) {
      const parsed = parseDateText(candidate, options.defaultYear);
      if (parsed.kind === "ok") return { opensOn: parsed.opensOn, closesOn: parsed.closesOn, line: lineNumber };
      if (parsed.kind === "invalid") {
        error(lineNumber, "invalid_date", { text: candidate.trim() });
        return "invalid";
      }
      if (parsed.kind === "reversed") {
        error(lineNumber, "window_reversed", { text: candidate.trim() });
        return "invalid";
      }
    }
    return null;
  };

  const newTopic = (lineNumber: number, topicTitle: string, sourceNumber: number | null, isImplicit: boolean): TopicDraft => {
    topicCount += 1;
    const made: TopicDraft = { number: topicCount, title: topicTitle, description: "", descriptionLines: [], window: null, questions: [], line: lineNumber, isImplicit, sourceNumber, skipNumbering: false };
    group!.topics.push(made);
    return made;
  };

  const openHeading = (heading: Heading, lineNumber: number) => {
    lastQuestion = null;
    if (!heading.title) error(lineNumber, "missing_title", { kind: heading.kind });
    if (heading.title.length > OUTLINE_LIMITS.title) error(lineNumber, "title_too_long", { max: OUTLINE_LIMITS.title });
    if (heading.kind === "topic") {
      if (!group) {
        // Topics without any group heading: one group holds them, titled like the consultation.
        warn(lineNumber, "implicit_group");
        group = { number: 1, sourceNumber: 1, kind: "discussion", title: title || markdownTitle || heading.title, description: "", descriptionLines: [], window: null, topics: [], line: lineNumber };
        groups.push(group);
      }
      const twinSameGroup = group.topics.find((candidate) => candidate.sourceNumber === heading.sourceNumber);
      const twinAnywhere = groups.flatMap((candidate) => candidate.topics).find((candidate) => candidate.sourceNumber === heading.sourceNumber && sameTitle(candidate.title, heading.title));
      if (twinAnywhere && heading.title) {
        // The same topic again (a PDF export repeats pages): keep the first, ignore the copy.
        warn(lineNumber, "repeated_heading", { first: twinAnywhere.line });
        isSkipping = true;
        return;
      }
      if (twinSameGroup) {
        error(lineNumber, "duplicate_topic_number", { number: heading.sourceNumber, first: twinSameGroup.line });
        isSkipping = true;
        return;
      }
      isSkipping = false;
      topic = newTopic(lineNumber, heading.title, heading.sourceNumber, false);
      const inGroup = group.topics.length;
      if (heading.sourceNumber !== topic.number && heading.sourceNumber !== inGroup) warn(lineNumber, "topic_renumbered", { found: heading.sourceNumber, number: topic.number });
      if (heading.window) topic.window = heading.window;
      mode = "questions";
      return;
    }
    const kind: GroupKind = heading.kind;
    const twin = groups.find((candidate) => candidate.sourceNumber === heading.sourceNumber && candidate.kind === kind);
    if (twin) {
      if (!heading.title || sameTitle(twin.title, heading.title)) {
        warn(lineNumber, "repeated_heading", { first: twin.line });
        isSkipping = true;
        return;
      }
      if (kind === "session") {
        // "Session 2. Breakout groups" under "Session 2. …": a part of the session, i.e. one of its topics.
        isSkipping = false;
        group = twin;
        const known = twin.topics.find((candidate) => sameTitle(candidate.title, heading.title));
        topic = known ?? newTopic(lineNumber, heading.title, null, false);
        if (heading.window) topic.window = heading.window;
        return;
      }
      error(lineNumber, "duplicate_group_number", { number: heading.sourceNumber, first: twin.line });
      isSkipping = true;
      return;
    }
    isSkipping = false;
    if (heading.sourceNumber !== groups.length + 1) warn(lineNumber, "group_renumbered", { found: heading.sourceNumber, number: groups.length + 1 });
    group = { number: groups.length + 1, sourceNumber: heading.sourceNumber, kind, title: heading.title, description: "", descriptionLines: [], window: heading.window, topics: [], line: lineNumber };
    groups.push(group);
    topic = null;
    mode = "questions";
  };

  const addQuestion = (questionText: string, lineNumber: number, number: number | null) => {
    if (!group) return;
    if (!topic) {
      // Questions straight under a group or session (seed 003's first session): the group is its own topic.
      warn(lineNumber, "implicit_topic", { group: group.number });
      topic = newTopic(lineNumber, group.title, null, true);
    }
    if (!questionText) {
      error(lineNumber, "empty_question");
      return;
    }
    if (questionText.length > OUTLINE_LIMITS.question) error(lineNumber, "question_too_long", { max: OUTLINE_LIMITS.question });
    const expected = topic.questions.length + 1;
    if (number !== null && number !== expected && !topic.skipNumbering) {
      warn(lineNumber, "question_renumbered", { found: number, number: expected });
      topic.skipNumbering = true;
    }
    lastQuestion = { text: questionText, line: lineNumber };
    topic.questions.push(lastQuestion);
  };

  for (const [index, rawLine] of lines.entries()) {
    const lineNumber = index + 1;
    const line = cleanLine(rawLine);
    if (!line) continue;
    const bare = stripMarkdown(line);

    const heading = readHeading(line, lineNumber);
    if (heading) {
      const waiting: OutlineWindow | null = pendingWindow;
      pendingWindow = null;
      openHeading(heading, lineNumber);
      if (waiting && !isSkipping) current().setWindow(waiting);
      isJustOpened = !isSkipping;
      continue;
    }
    if (isSkipping) continue;
    if (UNNUMBERED_HEADING.test(bare)) {
      error(lineNumber, "heading_without_number");
      isJustOpened = false;
      continue;
    }

    if (/^#\s+/.test(line) && !groups.length && !markdownTitle) {
      markdownTitle = bare;
      continue;
    }

    const window = readWindowLine(bare, lineNumber);
    if (window) {
      placePendingWindow();
      // Straight under a heading, or anywhere before the first group, a date is that element's own;
      // after an element's content ("Second week: 4–10 October" above group 3) it waits for the next heading.
      if (window !== "invalid" && (isJustOpened || !group)) current().setWindow(window);
      else if (window !== "invalid") pendingWindow = window;
      continue;
    }
    placePendingWindow();
    isJustOpened = false;

    const subItem = SUB_ITEM.exec(bare);
    const numbered = NUMBERED.exec(bare);
    const bullet = BULLET.exec(bare);
    if (!group) {
      // Before the first group: the consultation's own title and description (items included, as text).
      if (subItem || numbered || bullet) {
        preambleItems = { count: preambleItems.count + 1, line: preambleItems.line || lineNumber };
        consultation.description.push(bare);
      } else if (QUESTIONS_MARKER.test(bare) || OBJECTIVES_MARKER.test(bare)) continue;
      else if (!title && !markdownTitle) title = bare;
      else {
        consultation.description.push(bare);
        // "The consultation runs from 5 December to 5 January.": the introduction's range is the consultation's window
        const found = consultation.window ? ({ kind: "none" } as const) : findDateRange(bare, options.defaultYear);
        // (only a range that reads right: words in a sentence that merely look like a bad date are left alone)
        if (found.kind === "ok") consultation.window = { opensOn: found.opensOn, closesOn: found.closesOn, line: lineNumber };
      }
      continue;
    }
    const previous = lastQuestion as OutlineQuestion | null;
    if (subItem && previous && mode === "questions") {
      previous.text += ` ${bare.replace(/^[-*+•]\s*/, "")}`;
      continue;
    }
    if ((numbered || bullet) && !subItem) {
      const itemText = (numbered ? (numbered[2] ?? "") : bullet![1]!).replace(/^[⇒→]\s*/, "").trim();
      if (mode === "objectives") {
        lastQuestion = null;
        addDescription(`- ${itemText}`);
      } else addQuestion(itemText, lineNumber, numbered ? Number(numbered[1]) : null);
      continue;
    }
    if (QUESTIONS_MARKER.test(bare) && bare.length < 120) {
      mode = "questions";
      lastQuestion = null;
      continue;
    }
    if (OBJECTIVES_MARKER.test(bare)) {
      mode = "objectives";
      lastQuestion = null;
      continue;
    }
    // A wrapped question goes on: the line starts in lower case, or the question has not ended yet.
    const pending = previous;
    if (pending && mode === "questions" && (/^[\p{Ll}(«"]/u.test(bare) || !/[?.!:]$/u.test(pending.text) || subItem)) {
      pending.text += ` ${bare}`;
      continue;
    }
    lastQuestion = null;
    addDescription(bare);
  }
  placePendingWindow();

  // ---- checks on the whole ----
  if (!groups.length) error(null, "no_groups");
  if (groups.length > OUTLINE_LIMITS.groups) error(null, "too_many_groups", { max: OUTLINE_LIMITS.groups });
  if (topicCount > OUTLINE_LIMITS.topics) error(null, "too_many_topics", { max: OUTLINE_LIMITS.topics });
  if (preambleItems.count) warn(preambleItems.line, "preamble_items", { count: preambleItems.count });
  for (const built of groups) {
    if (!built.topics.length) warn(built.line, "group_without_topics", { number: built.number });
    for (const item of built.topics) {
      if (!item.questions.length) warn(item.line, "topic_without_questions", { number: item.number });
      if (item.questions.length > OUTLINE_LIMITS.questionsPerTopic) error(item.line, "too_many_questions", { max: OUTLINE_LIMITS.questionsPerTopic });
      const outer = item.window ? (built.window ?? consultation.window) : null;
      if (item.window && outer && (item.window.opensOn < outer.opensOn || item.window.closesOn > outer.closesOn)) warn(item.window.line, "window_outside");
    }
    if (built.window && consultation.window && (built.window.opensOn < consultation.window.opensOn || built.window.closesOn > consultation.window.closesOn)) warn(built.window.line, "window_outside");
  }
  // A window that ended before today would be created closed: most often a year the coordinator did not mean.
  const today = options.today;
  if (today) {
    const windows = [consultation.window, ...groups.flatMap((built) => [built.window, ...built.topics.map((item) => item.window)])];
    for (const window of windows) if (window && window.closesOn < today) warn(window.line, "window_ended", { date: window.closesOn });
  }
  errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  warnings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));

  const join = (items: string[]) => items.join("\n").trim();
  return {
    language,
    title: (markdownTitle || title).slice(0, OUTLINE_LIMITS.title),
    description: join(consultation.description),
    window: consultation.window,
    groups: groups.map((built) => ({
      number: built.number,
      kind: built.kind,
      title: built.title,
      description: join(built.descriptionLines),
      window: built.window,
      line: built.line,
      topics: built.topics.map((item) => ({
        number: item.number,
        title: item.title,
        description: join(item.descriptionLines),
        window: item.window,
        questions: item.questions.map((question) => ({ text: question.text.replace(/\s+/g, " ").trim(), line: question.line })),
        line: item.line,
        isImplicit: item.isImplicit,
      })),
    })),
    warnings,
    errors,
  };
}

/** Counts for a summary line: groups, topics and questions in a parsed outline. */
export function outlineCounts(outline: ParsedOutline): { groups: number; topics: number; questions: number } {
  const topics = outline.groups.flatMap((group) => group.topics);
  return { groups: outline.groups.length, topics: topics.length, questions: topics.reduce((sum, topic) => sum + topic.questions.length, 0) };
}
