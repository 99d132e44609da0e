// `npm test`: makes the database server ready once for the whole run — TEST_DATABASE_URL's server, or the
// embedded PostgreSQL (started here, stopped at the end) — migrates a template database every test file
// clones (the browser journeys clone a second one, with the demo content, that the first of them seeds), then
// runs node's test runner over the test files (or the files named on the command line).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import pg from "pg";
import { connectDatabase } from "../db/client";
import { migrate } from "../db/migrate";
import { compileForTests, type CompiledTree } from "./compile";
import { demoTemplateName, startTestServer } from "./test-server";

function testFiles(folder: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory() && entry.name !== "node_modules") found.push(...testFiles(path));
    else if (entry.isFile() && entry.name.endsWith(".test.ts")) found.push(path);
  }
  return found;
}

async function adminQuery(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  // Folders named on the command line stand for the test files inside them.
  const paths = args.filter((arg) => !arg.startsWith("-"));
  const runnerFlags = args.filter((arg) => arg.startsWith("-"));
  const selected = (paths.length ? paths : ["src", "test"])
    .flatMap((path) => (statSync(path).isDirectory() ? testFiles(path) : [path]))
    .map((path) => relative(".", path))
    .sort();

  const server = process.env.TEST_DATABASE_URL ? undefined : await startTestServer();
  const serverUrl = process.env.TEST_DATABASE_URL ?? server!.adminUrl;
  const template = `convene_template_${randomBytes(5).toString("hex")}`;
  let compiled: CompiledTree | undefined;
  await adminQuery(serverUrl, `create database ${template}`);
  try {
    const templateUrl = new URL(serverUrl);
    templateUrl.pathname = `/${template}`;
    const database = await connectDatabase({ databaseUrl: templateUrl.toString(), poolSize: 1 });
    try {
      await migrate(database);
    } finally {
      await database.close();
    }
    process.stdout.write(`# database: ${server ? "embedded PostgreSQL" : "TEST_DATABASE_URL"}, template ${template}\n`);
    const concurrency = process.env.TEST_CONCURRENCY ?? "2";
    // The test files run compiled (compile.ts says why); CONVENE_TEST_TSX=1 runs them through tsx instead.
    const throughTsx = process.env.CONVENE_TEST_TSX === "1";
    if (!throughTsx) {
      compiled = await compileForTests();
      process.stdout.write(`# compiled src/ and test/ in ${(compiled.took / 1000).toFixed(1)} s\n`);
    }
    const loader = compiled ? [] : ["--import", "tsx"];
    const files = compiled ? selected.map((path) => compiled!.pathOf(path)) : selected;
    const child = spawn(process.execPath, [...loader, "--test", `--test-concurrency=${concurrency}`, ...runnerFlags, ...files], {
      stdio: "inherit",
      env: {
        ...process.env,
        TEST_DATABASE_URL: serverUrl,
        CONVENE_TEST_TEMPLATE: template,
        CONVENE_TEST_PASS: server ? "embedded" : "server",
        ...(compiled ? { CONVENE_TEST_MAIN: compiled.pathOf("src/main.ts") } : {}),
      },
    });
    const stopChild = (signal: NodeJS.Signals) => child.kill(signal);
    process.on("SIGINT", stopChild);
    process.on("SIGTERM", stopChild);
    return await new Promise<number>((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0))));
  } finally {
    // the migrated template, and the demo template the browser journeys seeded from it (demo-template.ts)
    for (const name of [template, demoTemplateName(template), `${demoTemplateName(template)}_seeding`]) {
      await adminQuery(serverUrl, `drop database if exists ${name} with (force)`).catch(() => undefined);
    }
    await server?.stop();
    compiled?.remove();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`npm test: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
