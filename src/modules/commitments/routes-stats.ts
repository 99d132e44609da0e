import type { FastifyInstance } from "fastify";
import { viewContext } from "../../platform/http/context";
import { sendPage } from "../../platform/http/forms";
import { getSpaceForViewer } from "../spaces/queries";
import { toCsv } from "./charts/csv";
import { spaceDashboard } from "./queries-stats";
import { DASHBOARD_CHARTS, dashboardCharts, dashboardPage } from "./views/stats-dashboard";

const hidden = { schema: { hide: true } };

type SlugParams = { Params: { slug: string } };

/** The statistics dashboard of a space and each chart's data as CSV; private spaces answer 404 to outsiders. */
export async function statsRoutes(app: FastifyInstance): Promise<void> {
  const services = app.services;
  const { db } = services;

  app.get<SlugParams>("/spaces/:slug/commitments/dashboard", hidden, async (request, reply) => {
    const space = await getSpaceForViewer(db, request.params.slug, request.user);
    const dashboard = await spaceDashboard(db, space.id, services.clock.now());
    return sendPage(reply, dashboardPage(viewContext(request), { space: { slug: space.slug, title: space.title }, dashboard }));
  });

  for (const name of DASHBOARD_CHARTS) {
    app.get<SlugParams>(`/spaces/:slug/commitments/dashboard/${name}.csv`, hidden, async (request, reply) => {
      const space = await getSpaceForViewer(db, request.params.slug, request.user);
      const dashboard = await spaceDashboard(db, space.id, services.clock.now());
      const chart = dashboardCharts(viewContext(request), dashboard).find((candidate) => candidate.name === name);
      if (!chart) throw new Error(`no chart ${name}`);
      return reply
        .header("content-type", "text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="${space.slug}-${name}.csv"`)
        .send(toCsv(chart.headers, chart.rows));
    });
  }
}
