import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { contrastRatio, parseColor } from "../../../platform/design/contrast";
import { AVATAR_COLOURS, avatarColour, initialsOf, shortQuote } from "./contribution";
import { AVATAR_BACKGROUNDS } from "./contribution-styles";

describe("contribution cards", () => {
  test("avatars take up to two initials in any script, and one character for a Chinese name", () => {
    assert.equal(initialsOf("Wanjiru Kamau"), "WK");
    assert.equal(initialsOf("Ольга Ким"), "ОК");
    assert.equal(initialsOf("Jean-Paul de la Fontaine"), "JF");
    assert.equal(initialsOf("عمر الفاروق"), "عا");
    assert.equal(initialsOf("李明"), "李");
    assert.equal(initialsOf("  (Samuel)  "), "S");
    assert.equal(initialsOf(null), "?");
    assert.equal(initialsOf("<script>"), "S", "markup never reaches the avatar as such (and html escapes the rest)");
  });

  test("a name keeps its avatar colour, and white initials reach AA contrast on every colour", () => {
    assert.equal(avatarColour("Wanjiru Kamau"), avatarColour("Wanjiru Kamau"));
    assert.equal(AVATAR_BACKGROUNDS.length, AVATAR_COLOURS);
    const white = parseColor("#fff")!;
    for (const colour of AVATAR_BACKGROUNDS) assert.ok(contrastRatio(white, parseColor(colour)!) >= 4.5, `${colour} against white`);
    const used = new Set(["Alice", "Bob", "Carol", "Dmitri", "Ewa", "Fatima", "Gao", "Hiro", "Ines", "Jamal"].map(avatarColour));
    assert.ok(used.size >= 5, "names spread over the colours");
  });

  test("a reply's quote is the parent's first words without Markdown marks", () => {
    assert.equal(shortQuote("We need **more** rangers."), "We need more rangers.");
    const long = shortQuote("word ".repeat(60));
    assert.ok(long.endsWith("…") && long.length <= 121);
  });
});
