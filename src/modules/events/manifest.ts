import { readCatalog } from "../../platform/i18n/catalog-files";
import type { FastifyInstance } from "fastify";
import type { ModuleManifest } from "../../platform/module";
import { eventAgendaRoutes } from "./agenda/routes";
import { seedEventAgendaDemo } from "./agenda/seed";
import { eventAttendanceRoutes } from "./attendance/routes";
import { eventsPersonalData } from "./personal-data";
import { eventContentSource } from "./pages/content";
import { eventPagesRoutes } from "./pages/routes";
import { seedEventPagesDemo } from "./pages/seed";
import { eventSearchProvider } from "./pages/search";
import { eventRegistrationRoutes } from "./registration/routes";
import { seedRegistrationDemo } from "./registration/seed";
import { seedUnconferenceDemo } from "./unconference/seed";
import { DEMO_EVENT_SLUGS, DEMO_EVENTS_SPACE } from "./pages/seed";
import { findEventInSpace } from "./queries";
import { findSpaceBySlug } from "../spaces/queries";
import { eventUnconferenceRoutes } from "./unconference/routes";
import { eventSitemapSource } from "./sitemap";
import { eventsReportSection } from "./report-section";

/**
 * Events: hybrid events in a space with agenda, registration and a fair waitlist, personal join links,
 * check-in and attendance, calendars and iCalendar feeds, and an unconference. Each part has its own folder
 * (pages/, agenda/, registration/, attendance/, unconference/) with its routes, commands, views and messages.
 */
export const eventsModule: ModuleManifest = {
  name: "events",
  messages: readCatalog(new URL("./locales/", import.meta.url)),
  routes: async (app: FastifyInstance) => {
    for (const routes of [eventPagesRoutes, eventAgendaRoutes, eventRegistrationRoutes, eventAttendanceRoutes, eventUnconferenceRoutes]) await app.register(routes);
  },
  personalData: eventsPersonalData,
  search: [eventSearchProvider],
  content: [eventContentSource],
  sitemap: [eventSitemapSource],
  reportSections: [eventsReportSection],
  // Each part seeds its own demo, in this order (pages → agenda → registration → attendance → unconference):
  // a part appends its call here.
  seedDemo: async (services, demo) => {
    await seedEventPagesDemo(services, demo);
    await seedEventAgendaDemo(services, demo);
    await seedRegistrationDemo(services, demo);
    const space = await findSpaceBySlug(services.db, DEMO_EVENTS_SPACE);
    const forum = space ? await findEventInSpace(services.db, space.id, DEMO_EVENT_SLUGS.hybrid) : undefined;
    if (forum) await seedUnconferenceDemo(services, demo, forum);
  },
};
