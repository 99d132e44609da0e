import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { API_SCOPES } from "./tokens";

const sourceRoot = fileURLToPath(new URL("../../", import.meta.url));

/** Every English catalog's keys (src/**\/locales/en.json). */
function englishKeys(folder: string, keys = new Set<string>()): Set<string> {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const path = join(folder, entry.name);
    if (entry.name === "locales") for (const key of Object.keys(JSON.parse(readFileSync(join(path, "en.json"), "utf8")) as object)) keys.add(key);
    else englishKeys(path, keys);
  }
  return keys;
}

describe("API scopes", () => {
  it("each has a message saying what it allows (the token form shows it; a missing one showed its key)", () => {
    const keys = englishKeys(sourceRoot);
    assert.deepEqual(API_SCOPES.filter((scope) => !keys.has(`scope.${scope}`)), []);
  });
});
