import { createRequire } from "node:module";

const requireHere = createRequire(import.meta.url);

/**
 * A CommonJS package loaded the first time it is used, not when Convene starts: for the heavy ones only a few
 * requests need (juice and its HTML parser for newsletters, mailparser, sharp, smtp-server), which together added
 * ~0.5 s of CPU to every process's start — each server worker, CLI command and test file.
 */
export function lazyPackage<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= requireHere(name) as T);
}
