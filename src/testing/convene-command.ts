import { join } from "node:path";

/**
 * The node arguments that run the `convene` command in a test's child process: under `npm test`, the compiled
 * tree's main.js (run-tests.ts names it in CONVENE_TEST_MAIN: the same code, without paying tsx's ~5 s of CPU per
 * process); otherwise src/main.ts through tsx, as `npm run convene` does.
 */
export function conveneNodeArgs(repoRoot: string): string[] {
  const compiled = process.env.CONVENE_TEST_MAIN;
  return compiled ? [compiled] : ["--import", "tsx", join(repoRoot, "src/main.ts")];
}
