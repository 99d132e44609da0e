import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { accentText, pseudoFormatter } from "./pseudo-locale";

describe("pseudo locale", () => {
  it("accents and brackets the text, keeping placeholders, plurals, selects and tags", () => {
    const message = "{count, plural, one {# reply by {name}} other {# replies}} in <b>{space}</b>, {mode, select, open {open} other {closed}}";
    const formatted = pseudoFormatter(message, "en-GB").format({ count: 2, name: "Ann", space: "Water", mode: "open", b: (chunks: unknown[]) => `<b>${chunks.join("")}</b>` });
    assert.equal(formatted, `[2 ${accentText("replies")} ${accentText("in")} <b>Water</b>, ${accentText("open")}]`);
  });

  it("keeps quoted braces literal", () => {
    assert.equal(pseudoFormatter("Use '{name}' here", "en-GB").format(), `[${accentText("Use {name} here")}]`);
  });
});
