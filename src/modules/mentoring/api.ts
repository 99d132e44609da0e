import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ErrorResponse } from "../../platform/api/pagination";
import { spaceFrameworkItems } from "../spaces/queries";
import { listMentors, loadMentoringSpace, mentoringPath } from "./queries";

const MentorOut = z.object({
  id: z.string(),
  display_name: z.string(),
  bio: z.string(),
  expertise: z.array(z.object({ framework: z.string(), item: z.string(), number: z.string().nullable(), label: z.record(z.string(), z.string()) })).describe("Framework items of the space's frameworks"),
  tags: z.array(z.string()),
  languages: z.array(z.string()).describe("ISO 639-1"),
  time_zone: z.string().describe("IANA time zone"),
  has_free_place: z.boolean().describe("Whether the mentor can take another mentee now"),
  programme_id: z.string().nullable().describe("The programme of the space the offer is for, if any"),
});

/**
 * GET /api/v1/spaces/:slug/mentoring/mentors — the public fields of the space's listed (open) mentors: never an
 * address, a user id, a mentee or a pair. Private spaces answer 404 as their pages do.
 */
export async function mentoringApiRoutes(app: FastifyInstance): Promise<void> {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const { db, config } = app.services;
  const publicUrl = config.publicUrl.replace(/\/$/, "");
  typed.get(
    "/api/v1/spaces/:slug/mentoring/mentors",
    {
      config: { token: { scope: "private:read" as const, withoutScope: "anonymous" as const } },
      schema: {
        tags: ["mentoring"],
        summary: "Mentors offering their time in a space (public fields of listed offers only)",
        params: z.object({ slug: z.string().min(1).max(200) }),
        response: { 200: z.object({ url: z.string(), data: z.array(MentorOut) }), 404: ErrorResponse },
      },
    },
    async (request) => {
      const { space } = await loadMentoringSpace(request, request.params.slug);
      const [mentors, frameworks] = await Promise.all([listMentors(db, space.id, { onlyOpen: true }), spaceFrameworkItems(db, space.id)]);
      const items = new Map(frameworks.flatMap((entry) => entry.items.map((item) => [item.id, { framework: entry.framework.key, item: item.key, number: item.number, label: item.label as Record<string, string> }] as const)));
      return {
        url: `${publicUrl}${mentoringPath(space.slug)}`,
        data: mentors.map((mentor) => ({
          id: mentor.id, display_name: mentor.displayName, bio: mentor.bio, expertise: mentor.itemIds.flatMap((id) => items.get(id) ?? []), tags: mentor.tags,
          languages: mentor.languages, time_zone: mentor.timeZone, has_free_place: mentor.activePairs < mentor.capacity, programme_id: mentor.programmeId,
        })),
      };
    },
  );
}
