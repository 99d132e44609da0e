import type { Config } from "../config";
import type { Database, DatabaseHandle } from "../db/client";
import type { Clock } from "./clock";
import type { JobQueue } from "./jobs/queue";
import type { Mailer } from "./mail/mailer";

/** What commands and queries are given: the database, the clock, the job queue, mail and config. */
export type Services = {
  config: Config;
  db: Database;
  database: DatabaseHandle;
  clock: Clock;
  jobs: JobQueue;
  mailer: Mailer;
};

declare module "fastify" {
  interface FastifyInstance {
    services: Services;
  }
}
