// The demo content, seeded once per test run: the browser journeys each start a Convene with the demo content,
// and seeding it takes about as long as the rest of a journey (argon2 hashes for two dozen accounts, a few
// hundred records through the modules' commands). The first journey of a run seeds it into a copy of the run's
// migrated template and keeps that database as a second template; every journey then clones it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { buildApp } from "../app";
import { loadConfig } from "../config";
import { connectDatabase } from "../db/client";
import { seedDemo, seedReference } from "../platform/demo";
import { demoTemplateName, testServerUrl, testTemplate } from "./test-server";

/** The settings a journey's Convene seeds with (support.ts starts it with the same ones, plus its port). */
export function seedingConfig(dataDir: string) {
  return loadConfig({ CONVENE_DATA_DIR: dataDir, CONVENE_OUTBOX_DIR: join(dataDir, "outbox"), LOG_LEVEL: "silent", AUTH_RATE_LIMIT: "1000", PORT: "0" });
}

const withDatabase = (serverUrl: string, name: string): string => {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
};

/**
 * The name of the run's demo template (reference data and demo content on the migrated schema), seeding it first
 * when no process of this run has; undefined when the run has no migrated template (a test file started alone),
 * where each journey seeds its own database as before. Processes of one run take turns under an advisory lock on
 * the server, so the demo is seeded once and nobody clones a half-seeded database: it is seeded under another name
 * and renamed when complete.
 */
export async function demoTemplate(): Promise<string | undefined> {
  const template = testTemplate();
  if (!template) return undefined;
  const serverUrl = await testServerUrl();
  const name = demoTemplateName(template);
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query("select pg_advisory_lock(hashtext($1))", [name]);
    const { rowCount } = await admin.query("select 1 from pg_database where datname = $1", [name]);
    if (rowCount) return name;
    const seeding = `${name}_seeding`;
    // left behind by a process that died while seeding
    await admin.query(`drop database if exists ${seeding} with (force)`);
    await admin.query(`create database ${seeding} template ${template}`);
    const dataDir = mkdtempSync(join(tmpdir(), "convene-demo-template-"));
    try {
      const database = await connectDatabase({ databaseUrl: withDatabase(serverUrl, seeding) });
      try {
        const app = await buildApp({ config: seedingConfig(dataDir), database, logger: false });
        try {
          await seedReference(app.services);
          await seedDemo(app.services);
        } finally {
          await app.close();
        }
      } finally {
        await database.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
    await admin.query(`alter database ${seeding} rename to ${name}`);
    return name;
  } finally {
    await admin.query("select pg_advisory_unlock(hashtext($1))", [name]).catch(() => undefined);
    await admin.end();
  }
}
