import type { FastifyInstance } from "fastify";
import type { MessageCatalog } from "./i18n/messages";
import type { JobHandler } from "./jobs/queue";
import type { PersonalDataContributor } from "./auth/personal-data";
import type { ContentSource } from "./content/sources";
import type { SitemapSource } from "./feeds/sitemap";
import type { ReportSectionSource } from "./reports/sections";
import type { RelayKind } from "./relay/kinds";
import type { SearchProvider } from "./search/providers";
import type { Services } from "./services";

/** What the demo seed has created so far; each module's seed reads what earlier ones made and adds its own. */
export type DemoContext = {
  adminUserId: string;
  memberUserId: string;
  facilitatorUserId: string;
  organisationIds: Record<string, string>;
  spaceIds: Record<string, string>;
};

/**
 * What a feature module contributes to the platform (Decidim's "component manifest"):
 * its routes, UI strings, background jobs, demo content and part in personal-data export.
 */
export type ModuleManifest = {
  name: string;
  messages?: MessageCatalog;
  routes?: (app: FastifyInstance) => Promise<void>;
  jobs?: (services: Services) => Record<string, JobHandler>;
  /** Reference data every installation needs (e.g. the public frameworks); idempotent, runs on every start. */
  seedReference?: (services: Services) => Promise<void>;
  /** Idempotent: runs on every start with demo content enabled, creating only what is missing. */
  seedDemo?: (services: Services, demo: DemoContext) => Promise<void>;
  /** Its sections of a person's data export (and what account deletion does to them), one per sub-feature. */
  personalData?: PersonalDataContributor | PersonalDataContributor[];
  /** What site-wide search can find in this module (see platform/search/providers.ts). */
  search?: SearchProvider[];
  /** Things people can be contacted through without seeing an address (see platform/relay/kinds.ts). */
  relay?: RelayKind[];
  /** Public things newsletters, digests and showcases can point at (see platform/content/sources.ts). */
  content?: ContentSource[];
  /** Public pages for sitemap.xml (see platform/feeds/sitemap.ts). */
  sitemap?: SitemapSource[];
  /** Sections of the report to the governing body (see platform/reports/sections.ts). */
  reportSections?: ReportSectionSource[];
};
