import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ErrorResponse } from "../../platform/api/pagination";
import { organisationNames } from "../organisations/queries";
import { filtersFromQuery, isOverdue, itemPath, listItems, loadFollowupSpace } from "./queries";
import { FOLLOWUP_STATUSES } from "./schema";

const Localized = z.record(z.string(), z.string());

const ItemOut = z.object({
  number: z.number(),
  url: z.string(),
  title: Localized,
  description: Localized,
  status: z.enum(FOLLOWUP_STATUSES),
  is_overdue: z.boolean().describe("Planned or in progress after its due date"),
  due_on: z.string().nullable().describe("YYYY-MM-DD"),
  done_at: z.string().nullable(),
  actors: z.object({ organisations: z.array(z.object({ slug: z.string(), name: Localized })), text: z.string().describe("Who acts besides organisations, e.g. \"Secretariat\"") }),
  recommendation: z.string().nullable().describe("The consultation contribution (accepted as a recommendation in a synthesis) the item follows"),
  evidence: z.object({ text: z.string(), links: z.array(z.string()) }),
  updated_at: z.string(),
});

const SpaceParams = z.object({ slug: z.string().min(1).max(200) });
const ListQuery = z.object({ status: z.string().max(20).optional(), overdue: z.string().max(5).optional().describe("1: only overdue items") });

/** The follow-up API: a space's items as its page lists them (read only; coordinators write through the pages). */
export async function followupApiRoutes(app: FastifyInstance): Promise<void> {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const { db, config, clock } = app.services;
  const publicUrl = config.publicUrl.replace(/\/$/, "");
  const readToken = { token: { scope: "private:read" as const, withoutScope: "anonymous" as const } };

  typed.get(
    "/api/v1/spaces/:slug/follow-up",
    {
      config: readToken,
      schema: { tags: ["follow-up"], summary: "Follow-up items of a space: who acts, status, due date, evidence", params: SpaceParams, querystring: ListQuery, response: { 200: z.object({ data: z.array(ItemOut) }), 404: ErrorResponse } },
    },
    async (request) => {
      const { space } = await loadFollowupSpace(request, request.params.slug);
      const now = clock.now();
      const items = await listItems(db, space.id, filtersFromQuery(request.query), now);
      const names = await organisationNames(db, items.flatMap((item) => item.actorOrganisationIds));
      return {
        data: items.map((item) => ({
          number: item.number, url: `${publicUrl}${itemPath(space.slug, item.number)}`, title: item.title as Record<string, string>, description: item.description as Record<string, string>,
          status: item.status, is_overdue: isOverdue(item, now), due_on: item.dueOn, done_at: item.doneAt?.toISOString() ?? null,
          actors: { organisations: item.actorOrganisationIds.flatMap((id) => (names.has(id) ? [{ slug: names.get(id)!.slug, name: names.get(id)!.name as Record<string, string> }] : [])), text: item.actorText },
          recommendation: item.recommendationPath ? `${publicUrl}${item.recommendationPath}` : null,
          evidence: { text: item.evidenceText, links: item.evidenceLinks }, updated_at: item.updatedAt.toISOString(),
        })),
      };
    },
  );
}
