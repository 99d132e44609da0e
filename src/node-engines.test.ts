import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import semver from "semver";

type LockEntry = { version?: string; engines?: unknown };
type Lockfile = { packages: Record<string, LockEntry> };

const projectRoot = new URL("..", import.meta.url);
const lockfile = JSON.parse(readFileSync(new URL("package-lock.json", projectRoot), "utf8")) as Lockfile;
const manifest = JSON.parse(readFileSync(new URL("package.json", projectRoot), "utf8")) as { engines?: { node?: string } };

/** The `engines.node` range an installed package declares, if any (a few old packages write `engines` as an array: ignored). */
function nodeRange(entry: LockEntry): string | undefined {
  const engines = entry.engines;
  if (!engines || typeof engines !== "object" || Array.isArray(engines)) return undefined;
  const range = (engines as { node?: unknown }).node;
  return typeof range === "string" ? range : undefined;
}

/** Installed packages whose declared Node range does not admit `version`, as "name@version needs range". */
function packagesRefusing(version: string): string[] {
  return Object.entries(lockfile.packages)
    .filter(([path]) => path !== "")
    .flatMap(([path, entry]) => {
      const range = nodeRange(entry);
      if (!range || semver.satisfies(version, range)) return [];
      return [`${path.replace(/^.*node_modules\//, "")}@${entry.version ?? "?"} needs node ${range}`];
    });
}

describe("Node.js version promise", () => {
  // The README promises Node.js 20; package.json says so in `engines`, and npm warns (EBADENGINE) when a dependency disagrees.
  const promised = manifest.engines?.node;

  it("declares the supported Node.js range in package.json, and the lockfile agrees", () => {
    assert.ok(promised && semver.validRange(promised), `package.json engines.node is missing or invalid: ${String(promised)}`);
    assert.equal(nodeRange(lockfile.packages[""]!), promised, "package-lock.json is stale: run npm install");
  });

  it("runs on a Node.js version the project promises", () => {
    assert.ok(semver.satisfies(process.version, promised!), `running Node.js ${process.version}, package.json promises ${promised}`);
  });

  it("installs no package that refuses the running Node.js", () => {
    assert.deepEqual(packagesRefusing(process.version), []);
  });

  it("installs no package that refuses the oldest Node.js the project promises", () => {
    const oldest = semver.minVersion(promised!)!.version;
    assert.deepEqual(packagesRefusing(oldest), []);
  });
});
