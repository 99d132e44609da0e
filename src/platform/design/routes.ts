import type { FastifyInstance } from "fastify";
import { viewContext } from "../http/context";
import { sendPage } from "../http/forms";
import { designPage } from "./page";

/** GET /design — the component page (public: it holds sample content only). */
export async function designRoutes(app: FastifyInstance): Promise<void> {
  app.get("/design", { schema: { hide: true } }, async (request, reply) => sendPage(reply, designPage(viewContext(request))));
}
