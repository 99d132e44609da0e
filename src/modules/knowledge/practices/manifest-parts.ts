import type { FastifyInstance } from "fastify";
import { practiceApiRoutes } from "./api";
import { practiceRoutes } from "./routes";
import "./personal-data";
export { practiceContentSource } from "./content-source";
export { practiceSearchProvider } from "./search-provider";
export { seedPracticesDemo } from "./seed";

/** Every route of good practices: pages, exports and the API. */
export async function practicesRoutes(app: FastifyInstance): Promise<void> {
  await practiceRoutes(app);
  await practiceApiRoutes(app);
}
