import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { html, jsonForScript, raw } from "./html";

describe("html templates", () => {
  it("escapes every interpolated string, attribute quotes included", () => {
    const name = `<script>alert(1)</script>"'&`;
    assert.equal(html`<p title="${name}">${name}</p>`.value, `<p title="&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;">&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;</p>`);
  });

  it("keeps nested templates and raw markup, joins arrays and drops empty values", () => {
    const items = ["a<b", "c"].map((item) => html`<li>${item}</li>`);
    assert.equal(html`<ul>${items}</ul>${null}${undefined}${false}${raw("<hr>")}${0}`.value, "<ul><li>a&lt;b</li><li>c</li></ul><hr>0");
  });

  it("serialises JSON for a script block so user text cannot close the tag", () => {
    const out = jsonForScript({ name: "</script><script>alert(1)</script>&" }).value;
    assert.ok(!out.includes("</script>"));
    assert.deepEqual(JSON.parse(out), { name: "</script><script>alert(1)</script>&" });
  });
});
