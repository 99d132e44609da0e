import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ErrorResponse } from "../../../platform/api/pagination";
import { requireScope } from "../../../platform/auth/guards";
import { forbidden, notFound } from "../../../platform/errors";
import { LOCALE_CODES } from "../../../platform/i18n/locales";
import { enquiryReference } from "./inputs";
import { findEnquiry, listEnquiries } from "./queries";
import { ENQUIRY_STATUSES } from "./schema";
import { loadEnquiryScope, type EnquiryScope } from "./scope";

const SlugParams = z.object({ slug: z.string().min(1).max(200) });
const NumberParams = z.object({ number: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });

export const EnquiryQueueQuery = z.object({
  status: z.enum(ENQUIRY_STATUSES).optional(),
  language: z.enum(LOCALE_CODES as [string, ...string[]]).optional().describe("The asker's language"),
  assignee: z
    .union([z.literal("me"), z.literal("none"), z.uuid()])
    .optional()
    .describe("me: assigned to the token's owner; none: unassigned; or a coordinator's user id"),
  after: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional().describe("The last number of the previous page (newest first)"),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

const EnquirySummaryOut = z.object({
  reference: z.string().describe("ENQ-<number>, as the asker was told"),
  number: z.number().int(),
  status: z.enum(ENQUIRY_STATUSES),
  question: z.string(),
  tags: z.array(z.string()),
  language: z.string().describe("The asker's language: answers are mailed in it"),
  asker_name: z.string().describe("Empty once the asker's identity was erased"),
  is_member: z.boolean().describe("Whether the asker has an account (else a visitor who gave a name and address)"),
  assignee: z.object({ id: z.string(), name: z.string() }).nullable(),
  created_at: z.string(),
  answered_at: z.string().nullable(),
  url: z.string().describe("The enquiry's page in the queue"),
});

const EnquiryOut = EnquirySummaryOut.extend({
  details: z.string(),
  reply_address: z.string().nullable().describe("Where the answer is mailed; null once erased"),
  answer: z.string().describe("Empty until answered"),
  faq_document: z.string().nullable().describe("The slug of the FAQ entry published from the answer"),
  notes: z.array(z.object({ author: z.string().nullable(), body: z.string(), created_at: z.string() })),
});

const QueueOut = z.object({ data: z.array(EnquirySummaryOut), next_after: z.number().int().nullable() });

/**
 * The coordinators' queue read through the API (scope enquiries:read, or a session): a space's enquiries for its
 * coordinators, the platform's for platform administrators. It holds askers' personal data, so a token without
 * the scope is refused rather than answered as an anonymous caller.
 */
export async function enquiryApiRoutes(app: FastifyInstance): Promise<void> {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const { db, config } = app.services;
  const tags = ["enquiries"];
  const security = [{ bearer: [] }];
  const token = { scope: "enquiries:read" as const, withoutScope: "forbid" as const };
  const publicUrl = config.publicUrl.replace(/\/$/, "");

  const queueScope = async (request: FastifyRequest, slug: string | undefined): Promise<{ scope: EnquiryScope; userId: string }> => {
    const user = requireScope(request, "enquiries:read");
    const scope = await loadEnquiryScope(db, slug, user);
    if (!scope.canManage) throw forbidden();
    return { scope, userId: user.id };
  };

  const list = async (request: FastifyRequest, slug: string | undefined, query: z.infer<typeof EnquiryQueueQuery>) => {
    const { scope, userId } = await queueScope(request, slug);
    const { after, limit, ...filters } = query;
    const page = await listEnquiries(db, scope.spaceId, { ...filters, viewerId: userId }, { afterNumber: after, limit });
    return {
      data: page.items.map((item) => ({
        reference: enquiryReference(item.number),
        number: item.number,
        status: item.status,
        question: item.question,
        tags: item.tags,
        language: item.askerLanguage,
        asker_name: item.askerName,
        is_member: item.isMember,
        assignee: item.assigneeUserId ? { id: item.assigneeUserId, name: item.assigneeName ?? "" } : null,
        created_at: item.createdAt.toISOString(),
        answered_at: item.answeredAt?.toISOString() ?? null,
        url: `${publicUrl}${scope.base}/enquiries/${item.number}`,
      })),
      next_after: page.nextAfter,
    };
  };

  const one = async (request: FastifyRequest, slug: string | undefined, number: number) => {
    const { scope } = await queueScope(request, slug);
    const enquiry = await findEnquiry(db, scope.spaceId, number);
    if (!enquiry) throw notFound();
    return {
      reference: enquiryReference(enquiry.number),
      number: enquiry.number,
      status: enquiry.status,
      question: enquiry.question,
      details: enquiry.details,
      tags: enquiry.tags,
      language: enquiry.askerLanguage,
      asker_name: enquiry.askerDisplayName,
      is_member: enquiry.askerUserId !== null,
      reply_address: enquiry.replyAddress,
      assignee: enquiry.assigneeUserId ? { id: enquiry.assigneeUserId, name: enquiry.assigneeName ?? "" } : null,
      answer: enquiry.answer,
      faq_document: enquiry.faqSlug,
      notes: enquiry.notes.map((note) => ({ author: note.authorName, body: note.body, created_at: note.createdAt.toISOString() })),
      created_at: enquiry.createdAt.toISOString(),
      answered_at: enquiry.answeredAt?.toISOString() ?? null,
      url: `${publicUrl}${scope.base}/enquiries/${enquiry.number}`,
    };
  };

  const errors = { 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 422: ErrorResponse };
  typed.get(
    "/api/v1/enquiries",
    { config: { token }, schema: { tags, security, summary: "The platform secretariat's enquiries (platform administrators), newest first", querystring: EnquiryQueueQuery, response: { 200: QueueOut, ...errors } } },
    async (request) => list(request, undefined, request.query),
  );
  typed.get(
    "/api/v1/enquiries/:number",
    { config: { token }, schema: { tags, security, summary: "One platform-level enquiry with its answer and internal notes", params: NumberParams, response: { 200: EnquiryOut, ...errors } } },
    async (request) => one(request, undefined, request.params.number),
  );
  typed.get(
    "/api/v1/spaces/:slug/enquiries",
    { config: { token }, schema: { tags, security, summary: "A space's enquiries for its coordinators, newest first, filtered by status, assignee and language", params: SlugParams, querystring: EnquiryQueueQuery, response: { 200: QueueOut, ...errors } } },
    async (request) => list(request, request.params.slug, request.query),
  );
  typed.get(
    "/api/v1/spaces/:slug/enquiries/:number",
    { config: { token }, schema: { tags, security, summary: "One enquiry of a space with its answer and internal notes", params: SlugParams.extend(NumberParams.shape), response: { 200: EnquiryOut, ...errors } } },
    async (request) => one(request, request.params.slug, request.params.number),
  );
}
