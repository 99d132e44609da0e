import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import { listAuditEntries, listAuditSubjectTypes } from "../audit/queries";
import { requirePlatformAdmin } from "../auth/guards";
import { AppError } from "../errors";
import { viewContext } from "../http/context";
import { formBody, sendPage, validateForm } from "../http/forms";
import { setFlash } from "../http/plugin";
import { retryJob } from "../jobs/commands/retry-job";
import { JOB_STATUSES, listJobKinds, listJobs } from "../jobs/queries";
import { listOutbox, readOutboxMessage } from "../mail/outbox";
import { setPlatformAdmin } from "./commands/set-platform-admin";
import { adminOverview, searchUsers } from "./queries";
import { auditPage } from "./views/audit";
import { jobsPage } from "./views/jobs";
import { outboxMessagePage, outboxPage } from "./views/outbox";
import { overviewPage } from "./views/overview";
import { usersPage } from "./views/users";
import { languagesPage } from "./views/languages";
import { catalogCompleteness } from "../i18n/catalog-files";
import { PAGE_SIZE, withQuery } from "./views/shared";

/** A query-string value: blank means "not given"; a repeated key is invalid rather than a crash. */
const optionalText = (max: number) => z.preprocess((value) => (typeof value === "string" && value.trim() === "" ? undefined : value), z.string().trim().max(max).optional());
const PageParameters = {
  cursor: optionalText(500),
  limit: z.preprocess((value) => (value === "" ? undefined : value), z.coerce.number().int().min(1).max(100).default(PAGE_SIZE)),
};

const JobsQuery = z.object({
  status: z.preprocess((value) => (value === "" ? undefined : value), z.enum(JOB_STATUSES).optional()),
  kind: optionalText(100),
  ...PageParameters,
});
const AuditQuery = z.object({
  action: optionalText(100),
  subjectType: optionalText(100),
  actor: optionalText(200),
  spaceId: z.preprocess((value) => (typeof value === "string" && value.trim() === "" ? undefined : value), z.uuid().optional()),
  ...PageParameters,
});
const UsersQuery = z.object({ q: optionalText(200), ...PageParameters });
const OutboxQuery = z.object({ after: optionalText(200), limit: PageParameters.limit });
const PlatformAdminBody = z.object({ isPlatformAdmin: z.enum(["true", "false"]), q: optionalText(200) });

function queryOf(request: FastifyRequest): Record<string, unknown> {
  const query = request.query;
  return query && typeof query === "object" ? { ...(query as Record<string, unknown>) } : {};
}

/** Platform administration: overview, outbox, jobs, audit log, users. Every page is for platform admins only. */
export async function adminRoutes(app: FastifyInstance): Promise<void> {
  const services = app.services;
  const hidden = { schema: { hide: true } };

  app.get("/admin", hidden, async (request, reply) => {
    requirePlatformAdmin(request);
    return sendPage(reply, overviewPage(viewContext(request), await adminOverview(services), services.mailer.smtpHost));
  });

  app.get("/admin/languages", hidden, async (request, reply) => {
    requirePlatformAdmin(request);
    return sendPage(reply, languagesPage(viewContext(request), catalogCompleteness()));
  });

  app.get("/admin/outbox", hidden, async (request, reply) => {
    requirePlatformAdmin(request);
    const query = validateForm(OutboxQuery, queryOf(request));
    if (!query.isValid) throw new AppError("bad_request", "error.invalid_cursor");
    const { mailer } = services;
    const page = await listOutbox(mailer.outboxDir, { after: query.data.after, limit: query.data.limit });
    return sendPage(
      reply,
      outboxPage(viewContext(request), { ...page, limit: query.data.limit, isFirstPage: !query.data.after, usesOutbox: mailer.usesOutbox, smtpHost: mailer.smtpHost, outboxDir: mailer.outboxDir }),
    );
  });

  app.get<{ Params: { name: string } }>("/admin/outbox/:name", hidden, async (request, reply) => {
    requirePlatformAdmin(request);
    // readOutboxMessage answers null for any name that is not a plain .eml file inside the folder (e.g. "../x").
    const message = await readOutboxMessage(services.mailer.outboxDir, request.params.name);
    if (!message) throw new AppError("not_found");
    return sendPage(reply, outboxMessagePage(viewContext(request), message));
  });

  app.get("/admin/jobs", hidden, async (request, reply) => {
    requirePlatformAdmin(request);
    const values = queryOf(request);
    const query = validateForm(JobsQuery, values);
    const kinds = await listJobKinds(services.db);
    const view = viewContext(request);
    if (!query.isValid) {
      return sendPage(reply, jobsPage(view, { form: { values, errors: query.errors }, filters: {}, kinds, rows: [], nextCursor: null, isFirstPage: true, limit: PAGE_SIZE }), 422);
    }
    const filters = { status: query.data.status, kind: query.data.kind };
    const page = await listJobs(services.db, filters, { cursor: query.data.cursor, limit: query.data.limit });
    return sendPage(reply, jobsPage(view, { form: { values: filters, errors: {} }, filters, kinds, ...page, isFirstPage: !query.data.cursor, limit: query.data.limit }));
  });

  app.post<{ Params: { id: string } }>("/admin/jobs/:id/retry", hidden, async (request, reply) => {
    const user = requirePlatformAdmin(request);
    if (!/^\d{1,15}$/.test(request.params.id)) throw new AppError("not_found");
    await retryJob(services, { jobId: Number(request.params.id), actorUserId: user.id, ip: request.ip });
    setFlash(reply, "admin.jobs.retried");
    return reply.redirect("/admin/jobs", 303);
  });

  app.get("/admin/audit", hidden, async (request, reply) => {
    requirePlatformAdmin(request);
    const values = queryOf(request);
    const query = validateForm(AuditQuery, values);
    const subjectTypes = await listAuditSubjectTypes(services.db);
    const view = viewContext(request);
    if (!query.isValid) {
      return sendPage(reply, auditPage(view, { form: { values, errors: query.errors }, filters: {}, subjectTypes, rows: [], nextCursor: null, isFirstPage: true, limit: PAGE_SIZE }), 422);
    }
    const { action, subjectType, actor, spaceId, cursor, limit } = query.data;
    const filters = { actionPrefix: action, subjectType, actorEmail: actor, spaceId };
    const page = await listAuditEntries(services.db, filters, { cursor, limit });
    return sendPage(reply, auditPage(view, { form: { values: { action, subjectType, actor, spaceId }, errors: {} }, filters, subjectTypes, ...page, isFirstPage: !cursor, limit }));
  });

  app.get("/admin/users", hidden, async (request, reply) => {
    requirePlatformAdmin(request);
    const values = queryOf(request);
    const query = validateForm(UsersQuery, values);
    const view = viewContext(request);
    const now = services.clock.now();
    if (!query.isValid) {
      return sendPage(reply, usersPage(view, { form: { values, errors: query.errors }, search: "", rows: [], nextCursor: null, isFirstPage: true, now, limit: PAGE_SIZE }), 422);
    }
    const search = query.data.q ?? "";
    const page = await searchUsers(services.db, search, { cursor: query.data.cursor, limit: query.data.limit });
    return sendPage(reply, usersPage(view, { form: { values: { q: search }, errors: {} }, search, ...page, isFirstPage: !query.data.cursor, now, limit: query.data.limit }));
  });

  app.post<{ Params: { id: string } }>("/admin/users/:id/platform-admin", hidden, async (request, reply) => {
    const actor = requirePlatformAdmin(request);
    if (!z.uuid().safeParse(request.params.id).success) throw new AppError("not_found");
    const body = validateForm(PlatformAdminBody, formBody(request));
    if (!body.isValid) throw new AppError("bad_request");
    const isPlatformAdmin = body.data.isPlatformAdmin === "true";
    await setPlatformAdmin(services, { actor, targetUserId: request.params.id, isPlatformAdmin, ip: request.ip });
    setFlash(reply, isPlatformAdmin ? "admin.users.granted" : "admin.users.revoked");
    return reply.redirect(withQuery("/admin/users", { q: body.data.q }), 303);
  });
}
