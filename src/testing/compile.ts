// Compiles src/ and test/ to plain JavaScript once per `npm test`, so each test process loads the app without a
// TypeScript loader. Through tsx, loading the app costs ~4.5 s of CPU per process — nearly all of it the loader's
// hooks resolving and transforming ~700 modules on a worker thread, not Convene's own code (~0.15 s) — and a CI run
// starts ~320 test processes. Compiled, the same import takes well under a second.
//
// One esbuild pass turns every .ts file into one .js file at the same relative place under OUT_DIR (nothing is
// bundled together: each file's relative imports stay imports, rewritten to the compiled file's name), so module
// identity, load order and circular imports behave as they do in source. `import.meta.url`, `.dirname` and
// `.filename` are replaced by the source file's own, so code that reads files beside itself (catalogs, migrations,
// reference data, fixtures) finds them in src/ as before. JSON modules are inlined into their importer.
import { randomBytes } from "node:crypto";
import { readdirSync, rmSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { build, type Plugin } from "esbuild";
import { isProcessAlive } from "../db/embedded-server";

/** Where compiled trees live: inside node_modules, so git, eslint and tsc never see them. Each run has its own
 * folder (two runs side by side — CI's two databases, or two worktrees sharing node_modules — never share one). */
const CACHE_DIR = join("node_modules", ".cache", "convene-tests");

const SOURCE_FOLDERS = ["src", "test"];

function typeScriptFiles(folder: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules" && !entry.name.startsWith(".")) found.push(...typeScriptFiles(path));
    } else if (entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) {
      found.push(path);
    }
  }
  return found;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The .ts file an extensionless relative import names, as esbuild and tsx resolve it. */
function sourceFor(specifier: string, importerDir: string): string | undefined {
  const base = resolve(importerDir, specifier);
  for (const candidate of [base, `${base}.ts`, join(base, "index.ts")]) {
    if (candidate.endsWith(".ts") && isFile(candidate)) return candidate;
  }
  return undefined;
}

// import.meta.url, .dirname and .filename (spelt so that this file's own source does not match)
const IMPORT_META = new RegExp(["\\bimport", "meta", "(url|dirname|filename)\\b"].join("\\."), "g");

function oneFilePerModule(root: string): Plugin {
  return {
    name: "one-file-per-module",
    setup(pluginBuild) {
      // a relative import of another .ts module stays an import, of its compiled name
      pluginBuild.onResolve({ filter: /^\.\.?(\/|$)/ }, (args) => {
        if (args.kind === "entry-point") return undefined;
        if (args.path.endsWith(".json")) return undefined; // inlined
        const source = sourceFor(args.path, args.resolveDir);
        if (!source) return { errors: [{ text: `cannot find the module "${args.path}" imported from ${relative(root, args.importer)}` }] };
        let compiled = relative(args.resolveDir, source).replace(/\.ts$/, ".js").split(sep).join("/");
        if (!compiled.startsWith(".")) compiled = `./${compiled}`;
        return { path: compiled, external: true };
      });
      // packages stay imports; their JSON files are inlined (Node 20 wants an import attribute esbuild would drop)
      pluginBuild.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.kind === "entry-point" || args.path.endsWith(".json")) return undefined;
        return { path: args.path, external: true };
      });
      pluginBuild.onLoad({ filter: /\.ts$/ }, async (args) => {
        const text = await readFile(args.path, "utf8");
        const meta: Record<string, string> = { url: pathToFileURL(args.path).href, dirname: dirname(args.path), filename: args.path };
        const contents = text.replace(IMPORT_META, (_, name: string) => JSON.stringify(meta[name]));
        return { contents, loader: "ts" };
      });
    },
  };
}

/** A run that was killed leaves its tree behind; a tree whose run's process is gone is removed. */
function removeAbandonedTrees(cacheDir: string): void {
  let names: string[];
  try {
    names = readdirSync(cacheDir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(name.split("-")[0]);
    if (Number.isInteger(pid) && pid > 0 && isProcessAlive(pid)) continue;
    rmSync(join(cacheDir, name), { recursive: true, force: true });
  }
}

export interface CompiledTree {
  /** The compiled file for a source file (a path relative to the project's root). */
  pathOf(sourcePath: string): string;
  /** The tree's own folder (files written into it are removed with it). */
  dir: string;
  /** How long compiling took, in milliseconds. */
  took: number;
  /** Deletes the tree. */
  remove(): void;
}

/** Compiles src/ and test/ into a new folder of their own. */
export async function compileForTests(root = process.cwd()): Promise<CompiledTree> {
  const started = performance.now();
  const outDir = join(root, CACHE_DIR, `${process.pid}-${randomBytes(4).toString("hex")}`);
  removeAbandonedTrees(join(root, CACHE_DIR));
  const entryPoints = SOURCE_FOLDERS.flatMap((folder) => typeScriptFiles(join(root, folder)));
  await build({
    absWorkingDir: root,
    entryPoints,
    outdir: outDir,
    outbase: root,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    sourcemap: "linked",
    logLevel: "error",
    plugins: [oneFilePerModule(root)],
  });
  return {
    pathOf: (sourcePath) => join(outDir, relative(root, resolve(root, sourcePath)).replace(/\.ts$/, ".js")),
    dir: outDir,
    took: performance.now() - started,
    remove: () => rmSync(outDir, { recursive: true, force: true }),
  };
}
