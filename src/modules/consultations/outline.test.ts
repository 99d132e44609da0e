import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { outlineCounts, parseDateText, parseOutline, windowInstants, type ParsedOutline } from "./outline";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
const shape = (outline: ParsedOutline) => outline.groups.map((group) => ({ kind: group.kind, title: group.title, topics: group.topics.map((topic) => [topic.number, topic.title, topic.questions.length]) }));
const issues = (list: ParsedOutline["errors"]) => list.map((issue) => [issue.line, issue.key.replace("consultation.structure.outline.", "")]);

describe("dates in outlines", () => {
  const ok = (text: string, opensOn: string, closesOn: string) => assert.deepEqual(parseDateText(text, 2026), { kind: "ok", opensOn, closesOn }, text);
  test("ranges and single days in Russian, English and ISO", () => {
    ok("4 – 10 октября", "2026-10-04", "2026-10-10");
    ok("4-10 October", "2026-10-04", "2026-10-10");
    ok("с 4 по 10 октября", "2026-10-04", "2026-10-10");
    ok("30 сентября – 6 октября 2027 г.", "2027-09-30", "2027-10-06");
    ok("October 4–10", "2026-10-04", "2026-10-10");
    ok("September 28 to October 4, 2026", "2026-09-28", "2026-10-04");
    ok("2026-10-04 – 2026-10-10", "2026-10-04", "2026-10-10");
    ok("04.10.2026 – 10.10.2026", "2026-10-04", "2026-10-10");
    ok("5 May", "2026-05-05", "2026-05-05");
    ok("28 December – 3 January", "2026-12-28", "2027-01-03");
  });
  test("a range whose end month comes before its start month ends in the next year", () => {
    ok("5 December – 5 January", "2026-12-05", "2027-01-05");
    ok("с 5 декабря по 5 января", "2026-12-05", "2027-01-05");
    ok("5 декабря – 5 января", "2026-12-05", "2027-01-05");
    ok("December 28 – January 3", "2026-12-28", "2027-01-03");
    ok("28.12 – 03.01", "2026-12-28", "2027-01-03");
    ok("1 November – 15 February", "2026-11-01", "2027-02-15");
    ok("5 December – 5 January 2027", "2026-12-05", "2027-01-05");
    ok("5 December 2025 – 5 January", "2025-12-05", "2026-01-05");
    ok(" с 5 декабря по 5 января", "2026-12-05", "2027-01-05"); // what "Сроки: с 5 декабря по 5 января" leaves after its label
  });
  test("impossible or reversed dates are told apart from text that is not a date", () => {
    assert.equal(parseDateText("31 February", 2026).kind, "invalid");
    assert.equal(parseDateText("2026-13-01", 2026).kind, "invalid");
    assert.equal(parseDateText("10 – 4 ноября", 2026).kind, "reversed");
    assert.equal(parseDateText("Who reads the data?", 2026).kind, "none");
    assert.equal(parseDateText("4 apples", 2026).kind, "none");
  });
  test("a window runs from the first day's midnight to the midnight after the last day (UTC)", () => {
    assert.deepEqual(windowInstants({ opensOn: "2026-10-04", closesOn: "2026-10-10", line: 1 }), { opensAt: new Date("2026-10-04T00:00:00Z"), closesAt: new Date("2026-10-11T00:00:00Z") });
  });
});

describe("outline import", () => {
  const winter = {
    en: "# Winter talks\n\nThe consultation runs from 1 December to 10 January.\n\n## Discussion group 1: Before the holidays (1–26 December)\n\n### Topic 1: Plans\n\n1. What is planned?\n\n## Discussion group 2: Over the New Year\n\n5 December – 5 January\n\n### Topic 2: Wishes\n\n1. What do you wish?\n",
    ru: "Зимний разговор\n\nКонсультация пройдёт с 1 декабря по 10 января.\n\nДискуссионная группа 1: До праздников (1–26 декабря)\n\nТема 1: Планы\n\n1. Что запланировано?\n\nДискуссионная группа 2: Через Новый год\n\nс 5 декабря по 5 января\n\nТема 2: Пожелания\n\n1. Чего вы желаете?\n",
  };
  for (const language of ["en", "ru"] as const) {
    test(`an outline over the New Year (${language}): ranges end in the next year, the introduction's range is the consultation's window`, () => {
      const outline = parseOutline(winter[language], { defaultYear: 2026, today: "2026-03-02" });
      assert.deepEqual(outline.errors, []);
      assert.deepEqual(outline.warnings, [], "nothing has ended, nothing reaches outside");
      assert.deepEqual(outline.window, { opensOn: "2026-12-01", closesOn: "2027-01-10", line: 3 });
      assert.deepEqual(outline.groups.map((group) => group.window && [group.window.opensOn, group.window.closesOn]), [["2026-12-01", "2026-12-26"], ["2026-12-05", "2027-01-05"]]);
      assert.match(outline.description, language === "en" ? /runs from 1 December/ : /пройдёт с 1 декабря/, "the sentence stays in the description");
    });
    test(`windows that have already ended are warned about in the preview (${language})`, () => {
      const outline = parseOutline(winter[language], { defaultYear: 2025, today: "2026-03-02" });
      assert.deepEqual(outline.errors, []);
      assert.deepEqual(issues(outline.warnings), [[3, "warning.window_ended"], [5, "warning.window_ended"], [13, "warning.window_ended"]]);
      assert.deepEqual(outline.warnings[0]!.values, { line: 3, date: "2026-01-10" });
      assert.deepEqual(parseOutline(winter[language], { defaultYear: 2025 }).warnings, [], "no warning without today");
    });
  }
  test("a single date in an introduction's sentence is not a window", () => {
    const outline = parseOutline("Talks\n\nThe results are published on 5 May.\n\nGroup 1: A\nTopic 1: B\n1. Q?\n", { defaultYear: 2026 });
    assert.equal(outline.window, null);
  });

  test("a well-formed English Markdown outline: groups, a session, topics, questions, windows", () => {
    const outline = parseOutline(fixture("outline-en.md"), { defaultYear: 2026 });
    assert.deepEqual(outline.errors, []);
    assert.equal(outline.language, "en");
    assert.equal(outline.title, "Community water stewardship: an online consultation");
    assert.match(outline.description, /river basin organisations/);
    assert.deepEqual(outline.window, { opensOn: "2026-09-21", closesOn: "2026-10-05", line: 5 });
    assert.deepEqual(shape(outline), [
      { kind: "discussion", title: "Knowing the river", topics: [[1, "What is measured today", 3], [2, "Sharing the data", 2]] },
      { kind: "discussion", title: "Acting together", topics: [[3, "Agreements between users", 3]] },
      { kind: "session", title: "Closing plenary", topics: [[4, "Closing plenary", 2]] },
    ]);
    const [first, second, third] = outline.groups;
    assert.deepEqual(first!.window, { opensOn: "2026-09-21", closesOn: "2026-09-27", line: 9 });
    assert.equal(first!.topics[0]!.questions[0]!.text, "Which flows, levels or quality figures does your organisation record, and who reads them?", "a wrapped question is joined");
    assert.equal(first!.topics[1]!.title, "Sharing the data", "the date in the heading is taken off the title");
    assert.deepEqual(first!.topics[1]!.window, { opensOn: "2026-09-24", closesOn: "2026-09-27", line: 20 });
    assert.deepEqual(second!.window, { opensOn: "2026-09-28", closesOn: "2026-10-04", line: 27 });
    assert.equal(second!.topics[0]!.description, "Notes from the first week will be posted here.");
    assert.equal(third!.topics[0]!.isImplicit, true);
    assert.match(third!.description, /Agree on three recommendations/, "objectives are description, not questions");
    assert.deepEqual(issues(outline.warnings), [[37, "warning.group_renumbered"], [47, "warning.implicit_topic"]]);
    assert.deepEqual(outlineCounts(outline), { groups: 3, topics: 4, questions: 10 });
  });

  test("a well-formed Russian plain-text outline", () => {
    const outline = parseOutline(fixture("outline-ru.txt"), { defaultYear: 2026 });
    assert.deepEqual(outline.errors, []);
    assert.deepEqual(outline.warnings, []);
    assert.equal(outline.language, "ru");
    assert.deepEqual(shape(outline), [
      { kind: "discussion", title: "Земля и вода", topics: [[1, "Где сажать", 2], [2, "Полив", 2]] },
      { kind: "discussion", title: "Люди и знания", topics: [[3, "Обучение", 3]] },
    ]);
    assert.deepEqual(outline.groups[0]!.window, { opensOn: "2026-10-05", closesOn: "2026-10-11", line: 6 });
    assert.deepEqual(outline.groups[1]!.window, { opensOn: "2026-10-12", closesOn: "2026-10-18", line: 19 });
    assert.equal(outline.groups[0]!.topics[1]!.questions[1]!.text, "Можно ли собирать дождевую воду с крыш соседних домов?");
  });

  test("a malformed English outline gives each problem with its line number", () => {
    const outline = parseOutline(fixture("outline-en-malformed.md"), { defaultYear: 2026 });
    assert.deepEqual(issues(outline.errors), [
      [4, "error.invalid_date"],
      [8, "error.empty_question"],
      [10, "error.heading_without_number"],
      [14, "error.window_reversed"],
      [19, "error.duplicate_group_number"],
    ]);
    assert.deepEqual(outline.errors[0]!.values, { line: 4, text: "31 February – 3 March" });
    assert.deepEqual(outline.errors[4]!.values, { line: 19, number: 2, first: 13 });
  });

  test("a malformed Russian outline: a reused topic number, an impossible day, a reversed range", () => {
    const outline = parseOutline(fixture("outline-ru-malformed.txt"), { defaultYear: 2026 });
    assert.deepEqual(issues(outline.errors), [[4, "error.duplicate_topic_number"], [7, "error.invalid_date"], [11, "error.window_reversed"]]);
  });

  test("text without any group, session or topic is refused", () => {
    const outline = parseOutline(fixture("outline-no-structure.txt"), { defaultYear: 2026 });
    assert.deepEqual(issues(outline.errors), [[null, "error.no_groups"]]);
    assert.deepEqual(parseOutline("", { defaultYear: 2026 }).errors.map((issue) => issue.key), ["consultation.structure.outline.error.no_groups"]);
  });

  test("limits: a title too long and too many questions are errors, not crashes", () => {
    const long = `Discussion group 1: ${"x".repeat(400)}\nTopic 1: T\n${Array.from({ length: 61 }, (_, index) => `${index + 1}. Q${index}?`).join("\n")}`;
    const outline = parseOutline(long, { defaultYear: 2026 });
    assert.deepEqual(issues(outline.errors), [[1, "error.title_too_long"], [2, "error.too_many_questions"]]);
  });
});

// The secretariat's own documents, when the shared seeds are checked out beside the repository.
const seeds = new URL("../../../../shared/seeds", import.meta.url);
const seed = (prefix: string) => readFileSync(new URL(`seeds/${readdirSync(seeds).find((name) => name.startsWith(prefix))!}`, seeds), "utf8");

describe("the seeds", { skip: existsSync(seeds) ? false : "../shared/seeds is not present" }, () => {
  test("seed 000: three online discussion groups, six topics, 5+4+4+4+4+5 questions; the PDF's repeated pages ignored", () => {
    const outline = parseOutline(seed("000_"), { defaultYear: 2026 });
    assert.deepEqual(outline.errors, []);
    assert.equal(outline.language, "ru");
    const groups = shape(outline);
    assert.equal(groups.length, 3);
    assert.deepEqual(groups.map((group) => group.kind), ["discussion", "discussion", "discussion"]);
    assert.match(groups[0]!.title, /^Новые передовые практики/);
    assert.deepEqual(groups.map((group) => group.topics.map(([number]) => number)), [[1, 2], [3, 4], [5, 6]]);
    assert.deepEqual(groups.flatMap((group) => group.topics.map(([, , count]) => count)), [5, 4, 4, 4, 4, 5]);
    assert.equal(outline.groups[0]!.topics[1]!.title, "Важность и необходимость обязательств и взаимодействия в области биобезопасности");
    // "Вторая неделя: 4 – 10 октября" stands above group 3.
    assert.deepEqual(outline.groups[2]!.window, { opensOn: "2026-10-04", closesOn: "2026-10-10", line: 32 });
    assert.equal(outline.groups[0]!.window, null);
    assert.deepEqual(issues(outline.warnings), [[47, "warning.repeated_heading"], [62, "warning.repeated_heading"]]);
  });

  test("seed 003: three sessions; session 1 is its own topic, sessions 2 and 3 have two parts each", () => {
    const outline = parseOutline(seed("003_"), { defaultYear: 2026 });
    assert.deepEqual(outline.errors, []);
    const groups = shape(outline);
    assert.deepEqual(groups.map((group) => group.kind), ["session", "session", "session"]);
    assert.deepEqual(
      groups.map((group) => group.topics.map(([, title, count]) => [title, count])),
      [
        [["Вклад глобальных процессов по проблемам миграции в разработку ГДМ", 3]],
        [["Секционные группы", 5], ["Пленарная дискуссия", 6]],
        [["Обсуждение последующей деятельности по ГДМ", 2], ["Обсуждение взаимодействия с партнерами", 4]],
      ],
    );
    // Sub-items i)–iii) belong to the question they complete; the meeting's objectives are description, not questions.
    assert.match(outline.groups[1]!.topics[0]!.questions[1]!.text, /относительно: i\) принципов.*iii\) каждой из тем/);
    assert.match(outline.groups[2]!.topics[0]!.description, /внесение предложений/);
    assert.match(outline.description, /Седьмое Глобальное совещание/);
    assert.deepEqual(issues(outline.warnings), [[19, "warning.preamble_items"], [54, "warning.implicit_topic"]]);
  });
});
