import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ErrorResponse } from "../../platform/api/pagination";
import { requireScope } from "../../platform/auth/guards";
import { AppError } from "../../platform/errors";
import type { CurrentUser } from "../../platform/http/context";
import { createCommitment } from "./commands/create-commitment";
import { postProgressReport } from "./commands/post-progress-report";
import { publishCommitment } from "./commands/publish-commitment";
import { returnCommitment } from "./commands/return-commitment";
import { startReview } from "./commands/start-review";
import { submitCommitment } from "./commands/submit-commitment";
import { updateCommitment } from "./commands/update-commitment";
import { commitmentUrl } from "./export";
import { getCommitmentForViewer } from "./queries";
import { COMMITMENT_STATUSES } from "./schema";

const SlugParams = z.object({ slug: z.string().min(1).max(200) });
const NumberParams = SlugParams.extend({ number: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });
const Fields = z
  .record(z.string(), z.unknown())
  .describe(
    "Commitment fields as the form takes them: title and description ({en, ru}), primaryItemId and otherItemIds (framework item ids), themes, coverage, countries, regions, startDate, endDate, isOpenEnded, reviewDate, stage, indicators, targetAudience, scale, expectedImpact, fundingSource, fundingSufficiency, fundingAmount, fundingCurrency, partners, contacts, links, isPartnerDisplayAllowed, intendsToReport. Problems come back as 422 with one entry per field.",
  );
const Written = z.object({ number: z.number().int(), status: z.enum(COMMITMENT_STATUSES), url: z.string() });
const ReturnBody = z.object({ comment: z.string().min(1).max(4000) });
const ProgressBody = z.object({
  report_date: z.string().describe("YYYY-MM-DD, not in the future"),
  stage: z.string(),
  values: z.record(z.string(), z.number().nullable()).default({}).describe("A value per indicator id"),
  percent_complete: z.number().int().min(0).max(100).nullable().optional(),
  narrative: z.record(z.string(), z.string()).default({}),
  evidence_links: z.array(z.string()).default([]),
});
const ReportWritten = z.object({ report_id: z.string() });

const writeErrors = { 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse };

/**
 * A token bound to an organisation acts only for that organisation: it may create commitments for it and
 * touch only its commitments, whatever else its user may do.
 */
export function assertTokenOrganisation(request: FastifyRequest, organisationId: string | null | undefined): void {
  const bound = request.authentication.kind === "token" ? request.authentication.organisationId : null;
  if (bound && bound !== organisationId) throw new AppError("forbidden", "error.forbidden");
}

/**
 * The write side of the commitments API, over the same commands as the pages: create, update and submit
 * (scope commitments:write), review actions (scope review), progress reports (scope commitments:write).
 */
export async function commitmentsWriteApiRoutes(app: FastifyInstance): Promise<void> {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const services = app.services;
  const { db, config } = services;
  const tags = ["commitments"];
  const security = [{ bearer: [] }];

  /** The commitment behind a URL, as the caller may see it (404 otherwise), checked against a bound token. */
  const target = async (request: FastifyRequest, user: CurrentUser, slug: string, number: number) => {
    const found = await getCommitmentForViewer(db, slug, number, user);
    assertTokenOrganisation(request, found.commitment.organisationId);
    return found.commitment;
  };
  const written = async (user: CurrentUser, slug: string, number: number) => {
    const found = await getCommitmentForViewer(db, slug, number, user);
    return { number, status: found.commitment.status, url: commitmentUrl(config.publicUrl, slug, number) };
  };

  typed.post(
    "/api/v1/spaces/:slug/commitments",
    { schema: { tags, security, summary: "Start a commitment as a draft (scope commitments:write)", params: SlugParams, body: Fields, response: { 201: Written, ...writeErrors } } },
    async (request, reply) => {
      const user = requireScope(request, "commitments:write");
      const bound = request.authentication.kind === "token" ? request.authentication.organisationId : null;
      const body = { ...request.body };
      // An organisation token commits for its organisation even when the body does not say so.
      if (bound && body.organisationId === undefined) body.organisationId = bound;
      assertTokenOrganisation(request, (body.organisationId as string | null | undefined) ?? null);
      const created = await createCommitment(services, user, request.params.slug, body, request.ip);
      return reply.status(201).send(await written(user, created.spaceSlug, created.number));
    },
  );

  typed.patch(
    "/api/v1/spaces/:slug/commitments/:number",
    { schema: { tags, security, summary: "Change a commitment's fields (scope commitments:write); published ones keep a revision", params: NumberParams, body: Fields, response: { 200: Written, ...writeErrors } } },
    async (request) => {
      const user = requireScope(request, "commitments:write");
      await target(request, user, request.params.slug, request.params.number);
      await updateCommitment(services, user, { space: request.params.slug, number: request.params.number }, request.body, { ip: request.ip });
      return written(user, request.params.slug, request.params.number);
    },
  );

  typed.post(
    "/api/v1/spaces/:slug/commitments/:number/submit",
    { schema: { tags, security, summary: "Send a draft or returned commitment for review (scope commitments:write)", params: NumberParams, response: { 200: Written, ...writeErrors } } },
    async (request) => {
      const user = requireScope(request, "commitments:write");
      await target(request, user, request.params.slug, request.params.number);
      await submitCommitment(services, user, { space: request.params.slug, number: request.params.number }, request.ip);
      return written(user, request.params.slug, request.params.number);
    },
  );

  const reviewAction = (path: string, summary: string, act: (user: CurrentUser, commitmentId: string, request: FastifyRequest) => Promise<unknown>, body?: z.ZodType) =>
    typed.post(
      `/api/v1/spaces/:slug/commitments/:number/${path}`,
      { schema: { tags, security, summary, params: NumberParams, ...(body ? { body } : {}), response: { 200: Written, ...writeErrors } } },
      async (request) => {
        const user = requireScope(request, "review");
        const commitment = await target(request, user, request.params.slug, request.params.number);
        await act(user, commitment.id, request);
        return written(user, request.params.slug, request.params.number);
      },
    );
  reviewAction("review/start", "Start reviewing a submitted commitment (coordinators; scope review)", (user, id, request) => startReview(services, user, id, { ip: request.ip }));
  reviewAction("review/publish", "Publish a commitment under review (coordinators; scope review)", (user, id, request) => publishCommitment(services, user, id, { ip: request.ip }));
  reviewAction(
    "review/return",
    "Return a commitment to its author with a comment (coordinators and focal points of a covered country; scope review)",
    (user, id, request) => returnCommitment(services, user, id, { comment: (request.body as z.infer<typeof ReturnBody>).comment, ip: request.ip }),
    ReturnBody,
  );

  typed.post(
    "/api/v1/spaces/:slug/commitments/:number/progress-reports",
    { schema: { tags, security, summary: "Post a progress report on a published commitment (scope commitments:write)", params: NumberParams, body: ProgressBody, response: { 201: ReportWritten, ...writeErrors } } },
    async (request, reply) => {
      const user = requireScope(request, "commitments:write");
      const commitment = await target(request, user, request.params.slug, request.params.number);
      const body = request.body;
      const { reportId } = await postProgressReport(services, user, commitment.id, {
        reportDate: body.report_date,
        stage: body.stage,
        values: body.values,
        percentComplete: body.percent_complete ?? null,
        narrative: body.narrative,
        evidenceLinks: body.evidence_links,
        ip: request.ip,
      });
      return reply.status(201).send({ report_id: reportId });
    },
  );
}
