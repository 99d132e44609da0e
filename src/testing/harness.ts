import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance, LightMyRequestResponse, RouteOptions } from "fastify";
import { buildApp } from "../app";
import { loadConfig } from "../config";
import { connectDatabase, type DatabaseHandle } from "../db/client";
import { migrate } from "../db/migrate";
import { manualClock } from "../platform/clock";
import { seedReference } from "../platform/demo";
import type { Services } from "../platform/services";
import { createScratchDatabase } from "../db/scratch-database";
import { testServerUrl, testTemplate } from "./test-server";

export type TestApp = {
  app: FastifyInstance;
  services: Services;
  clock: ReturnType<typeof manualClock>;
  database: DatabaseHandle;
  outboxDir: string;
  close(): Promise<void>;
};

/**
 * A fresh Convene on its own database, created on the test server (TEST_DATABASE_URL, or the shared
 * embedded one) from the run's migrated template and dropped afterwards. Reference frameworks are loaded.
 */
export async function createTestApp(
  options: { env?: Record<string, string>; isReferenceSeeded?: boolean; beforeReady?: (app: FastifyInstance) => void; onRoute?: (route: RouteOptions) => void; logger?: object } = {},
): Promise<TestApp> {
  const outboxDir = mkdtempSync(join(tmpdir(), "convene-outbox-"));
  const scratch = await createScratchDatabase(await testServerUrl(), "convene_test", { template: testTemplate() });
  const databaseUrl = scratch.url;
  const config = loadConfig({
    PUBLIC_URL: "http://convene.test",
    CONVENE_OUTBOX_DIR: outboxDir,
    AUTH_RATE_LIMIT: "1000",
    CONVENE_JOBS: "false",
    LOG_LEVEL: "silent",
    CONVENE_PAGE_CACHE_MS: "0",
    ...options.env,
  });
  const database = await connectDatabase({ databaseUrl });
  await migrate(database);
  const clock = manualClock(new Date("2026-03-02T09:00:00Z"));
  const app = await buildApp({ config: { ...config, databaseUrl }, database, clock, logger: options.logger ?? false, onRoute: options.onRoute });
  options.beforeReady?.(app);
  await app.ready();
  if (options.isReferenceSeeded !== false) await seedReference(app.services);
  return {
    app,
    services: app.services,
    clock,
    database,
    outboxDir,
    close: async () => {
      await app.close();
      await database.close();
      await scratch.drop();
      rmSync(outboxDir, { recursive: true, force: true });
    },
  };
}

/** A cookie-keeping client over app.inject, like a browser with JavaScript off. */
export class Browser {
  private readonly cookies = new Map<string, string>();
  constructor(private readonly app: FastifyInstance, public locale = "en") {}

  private remember(response: LightMyRequestResponse): void {
    for (const cookie of response.cookies) {
      // Only explicit clearing counts: tests run on a manual clock, so real-time expiry dates mean nothing here.
      if (cookie.value === "" || cookie.maxAge === 0 || (cookie.expires && cookie.expires.getTime() <= 0)) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
  }

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const response = await this.app.inject({ method: "GET", url, headers: { accept: "text/html", "accept-language": this.locale, cookie: this.cookieHeader(), ...headers } });
    this.remember(response);
    return response;
  }

  /** Posts a form the way a browser does, with the CSRF token from the cookie (fetched first if needed). */
  async post(url: string, form: Record<string, string | string[]>, options: { isCsrfOmitted?: boolean } = {}): Promise<LightMyRequestResponse> {
    if (!this.cookies.has("convene_csrf")) await this.get("/login");
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(form)) for (const item of Array.isArray(value) ? value : [value]) body.append(name, item);
    if (!options.isCsrfOmitted) body.set("_csrf", this.cookies.get("convene_csrf") ?? "");
    const response = await this.app.inject({
      method: "POST",
      url,
      payload: body.toString(),
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html", "accept-language": this.locale, cookie: this.cookieHeader() },
    });
    this.remember(response);
    return response;
  }

  /** Logs in through the real form; throws when it does not redirect. */
  async logIn(email: string, password: string): Promise<this> {
    const response = await this.post("/login", { email, password });
    if (response.statusCode !== 303) throw new Error(`login failed for ${email}: ${response.statusCode} ${response.body.slice(0, 200)}`);
    return this;
  }
}
