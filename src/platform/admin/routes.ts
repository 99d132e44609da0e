import type { FastifyInstance } from "fastify";
import { html } from "../html";
import { requirePlatformAdmin } from "../auth/guards";
import { viewContext } from "../http/context";
import { sendPage } from "../http/forms";
import { renderPage } from "../views/layout";

/** Platform administration: overview, outbox, jobs, audit log. */
export async function adminRoutes(app: FastifyInstance): Promise<void> {
  app.get("/admin", { schema: { hide: true } }, async (request, reply) => {
    requirePlatformAdmin(request);
    const view = viewContext(request);
    const { t } = view;
    return sendPage(
      reply,
      renderPage(view, {
        title: t("admin.title"),
        body: html`<h1>${t("admin.title")}</h1>
<ul class="cards">
  <li class="card"><h2><a href="/admin/spaces/new">${t("admin.new_space")}</a></h2></li>
  <li class="card"><h2><a href="/admin/outbox">${t("admin.outbox")}</a></h2></li>
  <li class="card"><h2><a href="/admin/jobs">${t("admin.jobs")}</a></h2></li>
  <li class="card"><h2><a href="/admin/audit">${t("admin.audit")}</a></h2></li>
</ul>`,
      }),
    );
  });
}
