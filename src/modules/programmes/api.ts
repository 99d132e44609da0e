import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ErrorResponse } from "../../platform/api/pagination";
import { notFound } from "../../platform/errors";
import { findSeatPool, seatCounts } from "../../platform/seats/seats";
import { canSeeProgramme } from "./permissions";
import { findProgramme, findProgrammeById, listCohorts, listMaterials, listProgrammes, listTracks, loadProgrammesSpace, programmePath, type ProgrammeView } from "./queries";
import { COHORT_SEAT_KIND, PROGRAMME_STATUSES } from "./schema";

const Localized = z.record(z.string(), z.string());

const ProgrammeOut = z.object({
  id: z.string(),
  slug: z.string(),
  space: z.string().describe("The space's slug"),
  url: z.string(),
  title: Localized,
  description: Localized.describe("Markdown as written, per language"),
  status: z.enum(PROGRAMME_STATUSES),
  required_sessions: z.number().describe("Sessions a participant attends to complete (0: all of the cohort's sessions)"),
});

const ProgrammeDetailOut = ProgrammeOut.extend({
  tracks: z.array(z.object({ id: z.string(), name: Localized, description: Localized })),
  cohorts: z.array(
    z.object({
      id: z.string(),
      name: Localized,
      starts_on: z.string(),
      ends_on: z.string(),
      capacity: z.number().nullable().describe("null: unlimited"),
      free_seats: z.number().nullable().describe("null: unlimited"),
      track_ids: z.array(z.string()),
      applications_open_at: z.string().nullable(),
      applications_close_at: z.string().nullable(),
    }),
  ).describe("Never who applied or takes part, nor the cohort's private space"),
  materials: z.array(z.object({ id: z.string(), title: Localized, url: z.string().nullable(), guidance: z.string().nullable().describe("Slug of a guidance document of the space's knowledge hub") })),
});

const SpaceParams = z.object({ slug: z.string().min(1).max(200) });
const ProgrammeParams = SpaceParams.extend({ programme: z.string().min(1).max(200).describe("The programme's id or slug") });

/**
 * The programmes API: public fields only (description, tracks, cohorts with dates and free seats, materials),
 * never an application or a participant. Private spaces and drafts answer 404 as on the pages.
 */
export async function programmeApiRoutes(app: FastifyInstance): Promise<void> {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const { db, config } = app.services;
  const publicUrl = config.publicUrl.replace(/\/$/, "");
  const tags = ["programmes"];
  const readToken = { token: { scope: "private:read" as const, withoutScope: "anonymous" as const } };

  const json = (programme: ProgrammeView, spaceSlug: string): z.infer<typeof ProgrammeOut> => ({
    id: programme.id, slug: programme.slug, space: spaceSlug, url: `${publicUrl}${programmePath(spaceSlug, programme.slug)}`, title: programme.title as Record<string, string>,
    description: programme.description as Record<string, string>, status: programme.status, required_sessions: programme.requiredSessions,
  });

  typed.get(
    "/api/v1/spaces/:slug/programmes",
    { config: readToken, schema: { tags, summary: "Programmes of a space (drafts only for its organisers)", params: SpaceParams, response: { 200: z.object({ data: z.array(ProgrammeOut) }), 404: ErrorResponse } } },
    async (request) => {
      const { space, canManage } = await loadProgrammesSpace(request, request.params.slug);
      return { data: (await listProgrammes(db, space.id, canManage)).map((programme) => json(programme, space.slug)) };
    },
  );

  typed.get(
    "/api/v1/spaces/:slug/programmes/:programme",
    { config: readToken, schema: { tags, summary: "One programme with its tracks, cohorts and materials", params: ProgrammeParams, response: { 200: ProgrammeDetailOut, 404: ErrorResponse } } },
    async (request) => {
      const { space, canManage } = await loadProgrammesSpace(request, request.params.slug);
      const byId = await findProgrammeById(db, request.params.programme);
      const programme = byId?.spaceId === space.id ? byId : await findProgramme(db, space.id, request.params.programme);
      if (!programme || !canSeeProgramme(canManage, programme)) throw notFound();
      const [tracks, cohorts, materials] = await Promise.all([listTracks(db, programme.id), listCohorts(db, programme.id), listMaterials(db, programme.id)]);
      const free = await Promise.all(cohorts.map(async (cohort) => {
        const pool = await findSeatPool(db, COHORT_SEAT_KIND, cohort.id);
        return pool ? (await seatCounts(db, pool.id)).free : cohort.capacity;
      }));
      return {
        ...json(programme, space.slug),
        tracks: tracks.map((track) => ({ id: track.id, name: track.name as Record<string, string>, description: track.description as Record<string, string> })),
        cohorts: cohorts.map((cohort, at) => ({
          id: cohort.id, name: cohort.name as Record<string, string>, starts_on: cohort.startsOn, ends_on: cohort.endsOn, capacity: cohort.capacity, free_seats: free[at] ?? null,
          track_ids: cohort.trackIds, applications_open_at: cohort.applicationsOpenAt?.toISOString() ?? null, applications_close_at: cohort.applicationsCloseAt?.toISOString() ?? null,
        })),
        materials: materials.map((material) => ({ id: material.id, title: material.title as Record<string, string>, url: material.url, guidance: material.documentSlug })),
      };
    },
  );
}
