import type { FastifyInstance } from "fastify";
import { serveWidgetScript, widgetScript } from "../../../platform/widgets/bundle";

/** Where partner sites load <convene-events> from. */
export const EVENTS_WIDGET_PATH = "/widgets/convene-events.js";

const script = widgetScript(new URL("./widgets/convene-events.js", import.meta.url), "convene-events");

/** Serves the widget script (the shared runtime and <convene-events>): a day in caches, then revalidated by its ETag. */
export async function eventWidgetRoutes(app: FastifyInstance): Promise<void> {
  serveWidgetScript(app, EVENTS_WIDGET_PATH, script);
}
