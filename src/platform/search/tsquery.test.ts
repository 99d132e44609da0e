import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { SearchQuery } from "./providers";
import { highlightHtml, makeSnippet, plainFromMarkdown } from "./snippet";
import { queryUnits, scoreFromRank, tsQueryText } from "./tsquery";

const query = (overrides: Partial<SearchQuery>): SearchQuery => ({ text: "", stems: [], corrections: {}, concepts: [], language: "en", locale: "en", ...overrides });

describe("search query as a tsquery", () => {
  test("a named concept is one unit matched by any term in either language; other words are units with their corrections", () => {
    const units = queryUnits(
      query({
        stems: ["участ", "обществен", "лесовосстановлен"],
        corrections: { лесовосстановлен: ["лесовосстановлен-x"] },
        concepts: [{ id: "public-participation", stems: { en: [["public", "particip"]], ru: [["участ", "обществен"]] } }],
      }),
    );
    assert.equal(units.length, 2);
    assert.equal(tsQueryText(units, "all"), "(('public' & 'particip') | ('участ' & 'обществен')) & ('лесовосстановлен' | ('лесовосстановлен' & 'x'))");
    assert.equal(tsQueryText(units, "any"), "(('public' & 'particip') | ('участ' & 'обществен')) | ('лесовосстановлен' | ('лесовосстановлен' & 'x'))");
  });

  test("a concept named only inside a longer one does not become a unit of its own", () => {
    const units = queryUnits(
      query({
        stems: ["участ", "обществен"],
        concepts: [
          { id: "public-participation", stems: { en: [["public", "particip"]], ru: [["участ", "обществен"]] } },
          { id: "the-public", stems: { en: [["public"]], ru: [["обществен"]] } },
        ],
      }),
    );
    assert.equal(units.length, 1);
  });

  test("quotes and backslashes in a stem cannot break out of the lexeme", () => {
    assert.equal(tsQueryText(queryUnits(query({ stems: ["o'neil", "a\\b"] })), "all"), "'o''neil' & 'a\\\\b'");
    assert.equal(tsQueryText([], "all"), null);
  });

  test("ranks map onto 0..1", () => {
    assert.equal(scoreFromRank(0), 0);
    assert.ok(scoreFromRank(0.6) > scoreFromRank(0.2));
    assert.ok(scoreFromRank(100) < 1);
  });
});

describe("snippets and highlighting", () => {
  test("matched words are marked in any word form and everything is escaped", () => {
    assert.equal(highlightHtml("<b>Forests</b> & forestry", ["forest"]).value, "&lt;b&gt;<mark>Forests</mark>&lt;/b&gt; &amp; forestry");
    assert.equal(highlightHtml("Восстановление лесов", ["лес"]).value, "Восстановление <mark>лесов</mark>");
  });

  test("a long text is cut around its first match, at word boundaries", () => {
    const text = `${"word ".repeat(100)}mangrove nursery ${"tail ".repeat(100)}`;
    const snippet = makeSnippet(text, ["mangrov"], 80);
    assert.ok(snippet.includes("mangrove"));
    assert.ok(snippet.startsWith("… ") && snippet.endsWith(" …"));
    assert.ok(snippet.length <= 90);
  });

  test("Markdown becomes plain text", () => {
    assert.equal(plainFromMarkdown("## Title\n\nA **bold** [link](https://example.org) and `code`."), "Title A bold link and code.");
  });
});
