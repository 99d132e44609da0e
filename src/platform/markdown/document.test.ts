import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { markdownHtml, markdownText } from "./document";

describe("markdownHtml: documents the secretariat writes", () => {
  test("renders headings, tables and strikethrough, which the safe subset leaves out", () => {
    assert.match(markdownHtml("## Who may apply"), /<h2>Who may apply<\/h2>/);
    assert.match(markdownHtml("| a | b |\n| - | - |\n| 1 | 2 |"), /<table>[\s\S]*<td>1<\/td>/);
    assert.match(markdownHtml("~~old~~"), /<s>old<\/s>/);
  });

  test("escapes raw HTML, drops images and refuses links other than web, mail and in-page anchors", () => {
    assert.doesNotMatch(markdownHtml("<script>alert(1)</script>"), /<script/);
    assert.doesNotMatch(markdownHtml("![x](https://example.org/x.png)"), /<img/);
    assert.doesNotMatch(markdownHtml("[x](javascript:alert(1))"), /href/);
    assert.match(markdownHtml("[x](#who-may-apply) [y](https://example.org)"), /href="#who-may-apply"[\s\S]*href="https:\/\/example.org"/);
  });

  test("markdownText keeps the words of every block, one block a line", () => {
    assert.equal(markdownText("## Title\n\nSome **bold** [link](https://example.org).\n\n```\ncode\n```"), "Title\nSome bold link.\ncode");
  });
});
