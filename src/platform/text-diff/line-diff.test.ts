import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { diffLines } from "./line-diff";

describe("line diff", () => {
  test("marks removed and added lines and keeps the common ones in order", () => {
    assert.deepEqual(diffLines("a\nb\nc\nd", "a\nc\nx\nd"), [
      { kind: "same", text: "a" },
      { kind: "removed", text: "b" },
      { kind: "same", text: "c" },
      { kind: "added", text: "x" },
      { kind: "same", text: "d" },
    ]);
  });

  test("identical texts have no changes; an empty old text is all additions", () => {
    assert.ok(diffLines("one\ntwo", "one\ntwo").every((line) => line.kind === "same"));
    assert.deepEqual(diffLines("", "new").filter((line) => line.kind !== "same"), [
      { kind: "removed", text: "" },
      { kind: "added", text: "new" },
    ]);
  });
});
