import type { FastifyInstance } from "fastify";
import { serveWidgetScript, widgetScript } from "../../platform/widgets/bundle";

/** Where partner sites load <convene-showcase> from. */
export const SHOWCASE_WIDGET_PATH = "/widgets/convene-showcase.js";

/** The script as served (the shared runtime and the element), for tests and the size check. */
export const showcaseWidgetScript = widgetScript(new URL("./widgets/convene-showcase.js", import.meta.url), "convene-showcase");

export async function showcaseWidgetRoutes(app: FastifyInstance): Promise<void> {
  serveWidgetScript(app, SHOWCASE_WIDGET_PATH, showcaseWidgetScript);
}
