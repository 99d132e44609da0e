import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "./config";

/** Runs loadConfig and returns the ConfigError it throws (fails the test when it throws nothing or something else). */
function configErrorFor(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail(`expected ${JSON.stringify(env)} to be refused`);
}

describe("configuration", () => {
  it("starts on the embedded PostgreSQL in ./data on 127.0.0.1:3000 when nothing is set", () => {
    const config = loadConfig({});
    assert.equal(config.port, 3000);
    assert.equal(config.host, "127.0.0.1");
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.dataDir, "./data");
    assert.equal(config.outboxDir, "./data/outbox");
    assert.equal(config.publicUrl, "http://127.0.0.1:3000");
    assert.equal(config.smtpUrl, undefined);
    assert.equal(config.logLevel, "info");
    assert.equal(config.isDemoSeeded, true);
    assert.equal(config.isJobWorkerEnabled, true);
    assert.equal(config.trustProxy, false);
    assert.equal(config.defaultLocale, "en");
    assert.equal(config.authRateLimit, 10);
    assert.match(config.mailFrom, /@/);
  });

  it("treats an empty variable as unset", () => {
    const config = loadConfig({ PORT: "", DATABASE_URL: "", CONVENE_DEMO: "" });
    assert.equal(config.port, 3000);
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.isDemoSeeded, true);
  });

  it("reads every setting it is given", () => {
    const config = loadConfig({
      PORT: "8080",
      HOST: "0.0.0.0",
      DATABASE_URL: "postgresql://convene@db.internal:5432/convene",
      CONVENE_DATA_DIR: "/var/lib/convene/",
      PUBLIC_URL: "https://convene.example.org/",
      SMTP_URL: "smtps://user:secret@mail.example.org:465",
      MAIL_FROM: "Secretariat <no-reply@example.org>",
      CONVENE_OUTBOX_DIR: "/tmp/outbox",
      LOG_LEVEL: "warn",
      CONVENE_DEMO: "false",
      CONVENE_JOBS: "0",
      TRUST_PROXY: "yes",
      CONVENE_DEFAULT_LOCALE: "ru",
      AUTH_RATE_LIMIT: "25",
    });
    assert.equal(config.port, 8080);
    assert.equal(config.host, "0.0.0.0");
    assert.equal(config.databaseUrl, "postgresql://convene@db.internal:5432/convene");
    assert.equal(config.dataDir, "/var/lib/convene/");
    assert.equal(config.publicUrl, "https://convene.example.org", "the trailing slash is dropped");
    assert.equal(config.smtpUrl, "smtps://user:secret@mail.example.org:465");
    assert.equal(config.mailFrom, "Secretariat <no-reply@example.org>");
    assert.equal(config.outboxDir, "/tmp/outbox");
    assert.equal(config.logLevel, "warn");
    assert.equal(config.isDemoSeeded, false);
    assert.equal(config.isJobWorkerEnabled, false);
    assert.equal(config.trustProxy, true);
    assert.equal(config.defaultLocale, "ru");
    assert.equal(config.authRateLimit, 25);
  });

  it("derives the public URL from HOST and PORT, using localhost for the wildcard address", () => {
    assert.equal(loadConfig({ HOST: "0.0.0.0", PORT: "4000" }).publicUrl, "http://localhost:4000");
    assert.equal(loadConfig({ HOST: "192.0.2.7", PORT: "4000" }).publicUrl, "http://192.0.2.7:4000");
  });

  it("puts the outbox inside the data folder unless told otherwise", () => {
    assert.equal(loadConfig({ CONVENE_DATA_DIR: "/srv/convene/" }).outboxDir, "/srv/convene/outbox");
  });

  const badSettings: Array<[string, string]> = [
    ["PORT", "abc"],
    ["PORT", "70000"],
    ["PORT", "-1"],
    ["PORT", "80.5"],
    ["DATABASE_URL", "mysql://root@localhost/convene"],
    ["DATABASE_URL", "localhost:5432"],
    ["PUBLIC_URL", "convene.example.org"],
    ["SMTP_URL", "http://mail.example.org"],
    ["MAIL_FROM", "x"],
    ["LOG_LEVEL", "loud"],
    ["CONVENE_DEMO", "maybe"],
    ["CONVENE_JOBS", "on"],
    ["TRUST_PROXY", "2"],
    ["CONVENE_DEFAULT_LOCALE", "fr"],
    ["AUTH_RATE_LIMIT", "0"],
    ["AUTH_RATE_LIMIT", "many"],
  ];
  for (const [setting, value] of badSettings) {
    it(`refuses ${setting}=${value} with an error naming ${setting}`, () => {
      const error = configErrorFor({ [setting]: value });
      assert.equal(error.setting, setting);
      assert.match(error.message, new RegExp(`\\b${setting}\\b`));
      assert.ok(!error.message.includes("\n"), "the message is one line");
    });
  }

  it("names one bad setting even when several are wrong", () => {
    const error = configErrorFor({ PORT: "abc", LOG_LEVEL: "loud" });
    assert.ok(["PORT", "LOG_LEVEL"].includes(error.setting));
  });
});
