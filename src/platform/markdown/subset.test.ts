import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { isAllowedLink, markdownToPlainText, renderMarkdown } from "./subset";

const render = (text: string): string => renderMarkdown(text).value;

/** No tag other than the subset's, no event handler, no script-ish scheme in any attribute. */
function assertSafe(output: string): void {
  const tags = [...output.matchAll(/<\/?([a-zA-Z0-9]+)/g)].map((match) => match[1]!.toLowerCase());
  for (const tag of tags) assert.ok(["p", "br", "em", "strong", "code", "pre", "blockquote", "ol", "ul", "li", "a"].includes(tag), `unexpected <${tag}> in ${output}`);
  // attribute values are quoted and escaped by the renderer; outside them no on…= may appear
  const outsideValues = output.replace(/="[^"]*"/g, "=Q");
  assert.doesNotMatch(outsideValues, /<[^>]*\son[a-z]+\s*=/i, `event handler in ${output}`);
  assert.doesNotMatch(outsideValues, /<[^>]*"/, `attribute broken out of its quotes in ${output}`);
  for (const href of output.matchAll(/href="([^"]*)"/g)) assert.match(href[1]!, /^(https?:\/\/|mailto:)/i, `bad href in ${output}`);
  assert.doesNotMatch(output, /<img|<script|<iframe|<svg|<style/i);
}

describe("renderMarkdown: the safe subset", () => {
  test("paragraphs, line breaks, emphasis, strong, inline code, code blocks, quotes and lists", () => {
    assert.equal(render("one *two* **three** `four`\nfive\n\nsix").trim(), "<p>one <em>two</em> <strong>three</strong> <code>four</code><br>\nfive</p>\n<p>six</p>");
    assert.match(render("```\nlet x = 1 < 2;\n```"), /<pre><code>let x = 1 &lt; 2;\n<\/code><\/pre>/);
    assert.match(render("    indented code"), /<pre><code>indented code/);
    assert.match(render("> quoted\n> > twice"), /<blockquote>\n<p>quoted<\/p>\n<blockquote>/);
    assert.match(render("1. one\n2. two"), /<ol>\n<li>one<\/li>\n<li>two<\/li>\n<\/ol>/);
    assert.match(render("3. three"), /<ol start="3">/);
    assert.match(render("- a\n- b"), /<ul>\n<li>a<\/li>\n<li>b<\/li>\n<\/ul>/);
  });

  test("links are http, https or mailto only, with rel nofollow ugc noopener", () => {
    assert.equal(render("[site](https://example.org/a?b=1&c=2)").trim(), '<p><a href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc noopener">site</a></p>');
    assert.match(render("[mail](mailto:someone@example.org)"), /<a href="mailto:someone@example.org" rel="nofollow ugc noopener">mail<\/a>/);
    assert.match(render("<https://example.org>"), /<a href="https:\/\/example.org" rel="nofollow ugc noopener">https:\/\/example.org<\/a>/);
    assert.match(render("see https://example.org/x now"), /<a href="https:\/\/example.org\/x" rel="nofollow ugc noopener">/);
    assert.doesNotMatch(render("example.org and a@b.org"), /<a /, "no fuzzy links");
    assert.match(render("[ref]\n\n[ref]: https://example.org"), /<a href="https:\/\/example.org"/);
  });

  test("headings, images, tables and rules are plain text", () => {
    assert.equal(render("# Big").trim(), "<p># Big</p>");
    assert.equal(render("Big\n===").trim(), "<p>Big<br>\n===</p>");
    assert.doesNotMatch(render("![alt](https://example.org/x.png)"), /<img/);
    assert.doesNotMatch(render("| a | b |\n|---|---|\n| 1 | 2 |"), /<table/);
    assert.doesNotMatch(render("---"), /<hr/);
  });

  const vectors = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;avascript&colon;alert(1))",
    "[x](java\\script:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](vbscript:msgbox(1))",
    "[x](file:///etc/passwd)",
    "[x](//evil.example.org)",
    "[x](/relative/path)",
    "[x](mailto:javascript:alert(1))",
    "[x](https://e.org\"onmouseover=\"alert(1))",
    '[x](https://e.org "a\\" onmouseover=\\"alert(1)")',
    "<javascript:alert(1)>",
    "<data:text/html,<script>alert(1)</script>>",
    "[a [b [c](javascript:alert(1)) d] e](https://ok.org)",
    "[[[[[[[[x](javascript:alert(1))]]]]]]]",
    "![x](javascript:alert(1))",
    "![x](https://e.org/x.png\" onerror=\"alert(1))",
    "```js\" onclick=\"alert(1)\ncode\n```",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;img src=x onerror=alert(1)&#62;",
    "<svg onload=alert(1)>",
    "`<script>`",
    "[ref]\n\n[ref]: javascript:alert(1)",
    "[ref]\n\n[ref]: https://ok.org \"t\\\" onclick=\\\"x\"",
    "> <iframe src=https://evil.org>",
    "- <style>body{display:none}</style>",
  ];
  for (const vector of vectors) {
    test(`stays inert: ${vector.replace(/\n/g, "⏎")}`, () => assertSafe(render(vector)));
  }

  test("a refused link keeps its text and gets no anchor at all", () => {
    assert.equal(render("[x](javascript:alert(1))").trim(), "<p>[x](javascript:alert(1))</p>");
    assert.doesNotMatch(render("[a [b] c](javascript:alert(1))"), /<a /);
  });

  test("entities are shown, not executed", () => {
    assert.equal(render("&lt;b&gt; &#60;i&#62;").trim(), "<p>&lt;b&gt; &lt;i&gt;</p>");
  });

  test("deep nesting is bounded and long input renders", () => {
    assertSafe(render(`${"> ".repeat(200)}deep`));
    assertSafe(render(`${"[".repeat(5000)}x${"]".repeat(5000)}`));
    assertSafe(render("*a ".repeat(5000)));
    assert.ok(render("word ".repeat(4000)).length > 20_000);
  });

  test("isAllowedLink", () => {
    assert.equal(isAllowedLink("https://example.org"), true);
    assert.equal(isAllowedLink("HTTP://example.org/x"), true);
    assert.equal(isAllowedLink("mailto:a@example.org"), true);
    for (const bad of ["javascript:alert(1)", "data:text/html,x", "https:alert(1)", "//x.org", "/x", "mailto:x", "ftp://x.org"]) assert.equal(isAllowedLink(bad), false, bad);
  });

  test("plain text from Markdown keeps the words and drops the marks", () => {
    assert.equal(markdownToPlainText("**Одно окно** для _мигрантов_."), "Одно окно для мигрантов.");
    assert.equal(markdownToPlainText("See [the report](https://example.org) and `x`.\nNext line\n\n> quoted\n\n- one\n- **two**"), "See the report and x.\nNext line\n\nquoted\n\n- one\n- two");
    assert.equal(markdownToPlainText("<b>raw</b> & more"), "<b>raw</b> & more", "text, not HTML: the form escapes it");
  });
});
