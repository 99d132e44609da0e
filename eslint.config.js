// Lint for the whole repository: ESLint's recommended rules plus typescript-eslint's (syntax only, not type-aware,
// so `npm run lint` stays fast on a 2-core machine).
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";

export default defineConfig(
  { ignores: ["node_modules/", "data/", "outbox/", ".bench/", "test-results/"] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: "module",
      // TypeScript checks names in .ts files; these are for the few plain .js/.mjs files (node scripts).
      globals: { process: "readonly", console: "readonly", URL: "readonly", Buffer: "readonly", setTimeout: "readonly", clearTimeout: "readonly" },
    },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "no-unused-vars": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" }],
      // `x == null` is the one loose comparison worth keeping: it means null or undefined.
      eqeqeq: ["error", "always", { null: "ignore" }],
      "no-console": "error",
    },
  },
  {
    // The benchmark and the CLI entry print to the terminal on purpose.
    files: ["bench/**", "src/main.ts", "bin/**"],
    rules: { "no-console": "off" },
  },
  {
    // Browser scripts served from public/ run in the page, not in node.
    files: ["public/**/*.js"],
    languageOptions: { globals: { window: "readonly", document: "readonly", navigator: "readonly", fetch: "readonly" } },
  },
);
