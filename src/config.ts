import { z } from "zod";

/** Typed configuration read from the environment; every setting is documented in the README. */
export type Config = {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  publicUrl: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  outboxDir: string;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  isDemoSeeded: boolean;
  isJobWorkerEnabled: boolean;
  trustProxy: boolean;
  defaultLocale: string;
  /** Requests per minute per IP on login, registration and reset endpoints. */
  authRateLimit: number;
  /** Server processes on this machine (1: this process serves; more: a primary forks that many). */
  workers: number;
  /** How long an anonymous page may be reused from the in-process micro-cache; 0 turns it off. */
  pageCacheMs: number;
  /** Newsletter mails sent per minute at most, by each sending newsletter (NEWSLETTER_RATE_PER_MINUTE). */
  newsletterRatePerMinute: number;
  /**
   * Optional summaries of answers by an OpenAI-compatible chat-completions service (off unless a URL is set): it
   * may only re-phrase around the cited passages, which are always shown as they are.
   */
  answersProvider: { url: string; apiKey: string | undefined; model: string; timeoutMs: number } | undefined;
  /** Port of the inbound SMTP listener for bounce and complaint reports (off unless set; binds to HOST). */
  bounceSmtpPort: number | undefined;
  /** Whether clearing-house harvests may fetch loopback and private addresses (tests, a partner on the same network); off by default. */
  isHarvestPrivateAllowed: boolean;
};

const booleanSetting = z
  .enum(["1", "0", "true", "false", "yes", "no"])
  .transform((value) => value === "1" || value === "true" || value === "yes");

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
    .optional(),
  CONVENE_DATA_DIR: z.string().min(1).default("./data"),
  PUBLIC_URL: z.url({ message: "must be an absolute URL such as https://convene.example.org" }).optional(),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, "must start with smtp:// or smtps://").optional(),
  MAIL_FROM: z.string().min(3).default("Convene <no-reply@convene.localhost>"),
  CONVENE_OUTBOX_DIR: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  CONVENE_DEMO: booleanSetting.default(true),
  CONVENE_JOBS: booleanSetting.default(true),
  TRUST_PROXY: booleanSetting.default(false),
  CONVENE_DEFAULT_LOCALE: z.enum(["en", "ru"]).default("en"),
  AUTH_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
  CONVENE_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  CONVENE_PAGE_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(2000),
  NEWSLETTER_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  ANSWERS_PROVIDER_URL: z.url({ message: "must be the absolute URL of a chat-completions endpoint, e.g. https://llm.example.org/v1/chat/completions" }).optional(),
  ANSWERS_PROVIDER_KEY: z.string().min(1).optional(),
  ANSWERS_PROVIDER_MODEL: z.string().min(1).max(200).default("gpt-4o-mini"),
  ANSWERS_PROVIDER_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(4000),
  BOUNCE_SMTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  CONVENE_HARVEST_ALLOW_PRIVATE: booleanSetting.default(false),
});

/** A setting that cannot be used; main.ts prints it as one line and exits non-zero. */
export class ConfigError extends Error {
  constructor(public readonly setting: string, detail: string) {
    super(`Invalid setting ${setting}: ${detail}`);
  }
}

/** Reads and validates the environment. Throws ConfigError naming the first bad setting. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(String(issue.path[0] ?? "environment"), issue.message);
  }
  const values = parsed.data;
  const publicUrl = (values.PUBLIC_URL ?? `http://${values.HOST === "0.0.0.0" ? "localhost" : values.HOST}:${values.PORT}`).replace(/\/$/, "");
  return {
    port: values.PORT,
    host: values.HOST,
    databaseUrl: values.DATABASE_URL,
    dataDir: values.CONVENE_DATA_DIR,
    publicUrl,
    smtpUrl: values.SMTP_URL,
    mailFrom: values.MAIL_FROM,
    outboxDir: values.CONVENE_OUTBOX_DIR ?? `${values.CONVENE_DATA_DIR.replace(/\/$/, "")}/outbox`,
    logLevel: values.LOG_LEVEL,
    isDemoSeeded: values.CONVENE_DEMO,
    isJobWorkerEnabled: values.CONVENE_JOBS,
    trustProxy: values.TRUST_PROXY,
    defaultLocale: values.CONVENE_DEFAULT_LOCALE,
    authRateLimit: values.AUTH_RATE_LIMIT,
    pageCacheMs: values.CONVENE_PAGE_CACHE_MS,
    newsletterRatePerMinute: values.NEWSLETTER_RATE_PER_MINUTE,
    workers: values.CONVENE_WORKERS,
    answersProvider: values.ANSWERS_PROVIDER_URL
      ? { url: values.ANSWERS_PROVIDER_URL, apiKey: values.ANSWERS_PROVIDER_KEY, model: values.ANSWERS_PROVIDER_MODEL, timeoutMs: values.ANSWERS_PROVIDER_TIMEOUT_MS }
      : undefined,
    bounceSmtpPort: values.BOUNCE_SMTP_PORT,
    isHarvestPrivateAllowed: values.CONVENE_HARVEST_ALLOW_PRIVATE,
  };
}
