import { readCatalog } from "./platform/i18n/catalog-files";
import Fastify, { LogController, type FastifyInstance, type RouteOptions } from "fastify";
import compress from "@fastify/compress";
import cookie from "@fastify/cookie";
import formbody from "@fastify/formbody";
import rateLimit from "@fastify/rate-limit";
import swagger from "@fastify/swagger";
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import { randomUUID } from "node:crypto";
import { parse as parseQueryString } from "node:querystring";
import { constants as zlibConstants } from "node:zlib";
import type { Config } from "./config";
import type { DatabaseHandle } from "./db/client";
import { MODULES } from "./modules";
import { registerContentSource } from "./platform/content/sources";
import { registerReportSection } from "./platform/reports/sections";
import { registerPersonalData } from "./platform/auth/personal-data";
import { authRoutes } from "./platform/auth/routes";
import { accountApiRoutes } from "./platform/auth/api-routes";
import { adminRoutes } from "./platform/admin/routes";
import { healthRoutes } from "./platform/api/health";
import { apiReferenceRoutes } from "./platform/api/reference";
import { designRoutes } from "./platform/design/routes";
import { systemClock, type Clock } from "./platform/clock";
import { registerAssets } from "./platform/http/assets";
import { handleFrameworkError, registerErrorHandling, registerRequestContext } from "./platform/http/plugin";
import { registerPageCache } from "./platform/http/page-cache";
import { registerSecurityHeaders } from "./platform/http/security-headers";
import { registerMessages } from "./platform/i18n/messages";
import { searchRoutes } from "./platform/search/routes";
import { sitemapRoutes } from "./platform/feeds/routes";
import { shareRoutes } from "./platform/share/routes";
import { glossaryFor } from "./modules/knowledge/glossary/extension";
import { findSearchSpace } from "./modules/spaces/search";
import { JobQueue } from "./platform/jobs/queue";
import { Mailer } from "./platform/mail/mailer";
import { registerRelayKind } from "./platform/relay/kinds";
import { relayRoutes } from "./platform/relay/routes";
import type { Services } from "./platform/services";
import { loggedUrl } from "./platform/http/log-redaction";

export type AppOptions = {
  config: Config;
  database: DatabaseHandle;
  clock?: Clock;
  /** Pino logger options; tests pass false. */
  logger?: boolean | object;
  /** Called for every route as it registers (tests enumerate the app's routes with it). */
  onRoute?: (route: RouteOptions) => void;
};

registerMessages(readCatalog(new URL("./platform/locales/", import.meta.url)));
for (const module of MODULES) {
  if (module.messages) registerMessages(module.messages);
  for (const contributor of [module.personalData ?? []].flat()) registerPersonalData(contributor);
  for (const kind of module.relay ?? []) registerRelayKind(kind);
  for (const source of module.content ?? []) registerContentSource(source);
  for (const section of module.reportSections ?? []) registerReportSection(section);
}

/** Builds the Fastify app: platform plugins first, then every module's routes. Does not listen. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config, database } = options;
  const app = Fastify({
    logger: options.logger ?? { level: config.logLevel },
    genReqId: (request) => {
      const incoming = request.headers["x-request-id"];
      return typeof incoming === "string" && /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    },
    trustProxy: config.trustProxy,
    bodyLimit: 2 * 1024 * 1024,
    routerOptions: { maxParamLength: 200 },
    // URLs the router itself refuses (broken percent-encoding, overlong parameters) get our error shape too.
    frameworkErrors: (error, request, reply) => handleFrameworkError(error, request, reply),
    // One access-log line per request (onResponse below) instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
  });
  if (options.onRoute) app.addHook("onRoute", options.onRoute);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const clock = options.clock ?? systemClock;
  const jobs = new JobQueue(database.db, clock, app.log);
  const mailer = new Mailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, outboxDir: config.outboxDir }, jobs);
  const services: Services = { config, db: database.db, database, clock, jobs, mailer };
  app.decorate("services", services);
  for (const module of MODULES) {
    for (const [kind, handler] of Object.entries(module.jobs?.(services) ?? {})) jobs.register(kind, handler);
  }
  app.addHook("onClose", async () => {
    await jobs.stop();
    mailer.close();
  });
  app.addHook("onSend", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });
  app.addHook("onResponse", async (request, reply) => {
    request.log.info({ method: request.method, url: loggedUrl(request.url), status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, "request");
  });

  // Many users are on slow connections: compress pages and JSON for clients that accept it.
  await app.register(compress, { threshold: 1024, encodings: ["br", "gzip", "deflate"], brotliOptions: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } } });
  await app.register(cookie);
  // Forms post arrays as repeated keys (checkbox groups); node's parser keeps them as arrays.
  await app.register(formbody, { parser: (body) => parseQueryString(body) });
  registerSecurityHeaders(app, { isHttps: config.publicUrl.startsWith("https://") });
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      openapi: "3.0.3",
      info: { title: "Convene API", description: "Open data and write API of Convene. Public data needs no token; writes need a personal or organisation token with the right scope (Authorization: Bearer cvn_...).", version: "1.0.0" },
      servers: [{ url: config.publicUrl }],
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "A token from your account page" } } },
    },
    transform: jsonSchemaTransform,
  });
  app.get("/api/openapi.json", { schema: { hide: true } }, async () => app.swagger());

  await registerRequestContext(app);
  registerPageCache(app, config.pageCacheMs);
  registerErrorHandling(app);
  await registerAssets(app);
  await app.register(healthRoutes);
  await app.register(apiReferenceRoutes);
  await app.register(designRoutes);
  await app.register(authRoutes);
  await app.register(accountApiRoutes);
  await app.register(adminRoutes);
  await app.register(relayRoutes);
  await app.register(shareRoutes);
  for (const module of MODULES) if (module.routes) await app.register(module.routes);
  // Site-wide search asks the providers the modules list in their manifests; the platform itself knows no module,
  // so the glossary (the knowledge module's) and the space lookup (the spaces module's) are handed to it here: a
  // search limited to a space reads that space's glossary (shipped + platform + space terms), others the platform's.
  await app.register(searchRoutes, {
    providers: MODULES.flatMap((module) => module.search ?? []),
    glossary: (services, spaceId) => glossaryFor(services.db, spaceId ?? null),
    findSpace: findSearchSpace,
  });
  await app.register(sitemapRoutes, { sources: MODULES.flatMap((module) => module.sitemap ?? []) });
  return app;
}
