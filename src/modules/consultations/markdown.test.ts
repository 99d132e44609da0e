import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { detectLanguage as analyserLanguage } from "../../platform/search/analyzer";
import { detectLanguage } from "./markdown";

describe("detectLanguage", () => {
  test("Russian when Cyrillic dominates, English for Latin, other without either", () => {
    assert.equal(detectLanguage("Мы предлагаем расширить охраняемые территории (PA)."), "ru");
    assert.equal(detectLanguage("We propose wider protected areas, e.g. «степь»."), "en");
    assert.equal(detectLanguage("12345 — !!!"), "other");
  });

  test("gives the shared analyser's answer, so a contribution and its search agree on its language", () => {
    // An even split, and accented Latin letters, are where two home-made detectors used to disagree.
    for (const text of ["ab аб", "Café, résumé", "Участие NGO", "12345", "Мы предлагаем (PA)", "We propose «степь»"]) {
      assert.equal(detectLanguage(text), analyserLanguage(text) ?? "other", text);
    }
  });
});
