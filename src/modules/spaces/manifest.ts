import type { FastifyInstance } from "fastify";
import { html } from "../../platform/html";
import { viewContext } from "../../platform/http/context";
import { sendPage } from "../../platform/http/forms";
import type { ModuleManifest } from "../../platform/module";
import { renderPage } from "../../platform/views/layout";

async function routes(app: FastifyInstance): Promise<void> {
  app.get("/", { schema: { hide: true } }, async (request, reply) => {
    const view = viewContext(request);
    return sendPage(reply, renderPage(view, { title: "Convene", body: html`<h1>Convene</h1>` }));
  });
}

export const spacesModule: ModuleManifest = {
  name: "spaces",
  routes,
};
