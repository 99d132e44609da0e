import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requirePlatformAdmin } from "../auth/guards";
import { AppError, notFound } from "../errors";
import { viewContext } from "../http/context";
import { formBody, sendPage } from "../http/forms";
import { setFlash } from "../http/plugin";
import { html } from "../html";
import { adminPage } from "../admin/views/shared";
import { moderateSubject, type ModerationDecision } from "./commands/moderate-subject";
import { moderationQueue } from "./queries";
import { moderationSubject } from "./subjects";
import { queueSections, type QueueFormState } from "./views";

const DECISIONS: readonly ModerationDecision[] = ["hide", "restore", "approve", "dismiss_reports"];

/** A posted decision's fields, or a 400 for a tampered form (the buttons and hidden fields come from our page). */
export function decisionFromBody(body: Record<string, unknown>): { subjectType: string; subjectId: string; decision: ModerationDecision; reason: string } {
  const subjectType = typeof body.subjectType === "string" ? body.subjectType : "";
  const subjectId = typeof body.subjectId === "string" ? body.subjectId : "";
  const decision = DECISIONS.find((candidate) => candidate === body.decision);
  if (!decision || !moderationSubject(subjectType) || !/^[0-9a-f-]{36}$/i.test(subjectId)) throw new AppError("bad_request");
  return { subjectType, subjectId, decision, reason: typeof body.reason === "string" ? body.reason : "" };
}

/** The platform-wide moderation queue at /admin/moderation: every space's held, reported and hidden posts, for platform admins. */
export async function moderationAdminRoutes(app: FastifyInstance): Promise<void> {
  const services = app.services;
  const hidden = { schema: { hide: true } };

  const render = async (request: FastifyRequest, reply: FastifyReply, failed?: QueueFormState, status = 200) => {
    const view = viewContext(request);
    const queue = await moderationQueue(services.db, null);
    return sendPage(
      reply,
      adminPage(view, {
        title: view.t("moderation.admin.title"),
        body: html`<h1>${view.t("moderation.admin.title")}</h1><p class="lead">${view.t("moderation.admin.lead")}</p>
${queueSections(view, queue, { decideAction: "/admin/moderation/decide", failed })}`,
      }),
      status,
    );
  };

  app.get("/admin/moderation", hidden, async (request, reply) => {
    requirePlatformAdmin(request);
    return render(request, reply);
  });

  app.post("/admin/moderation/decide", hidden, async (request, reply) => {
    const admin = requirePlatformAdmin(request);
    const body = formBody(request);
    const input = decisionFromBody(body);
    const subject = moderationSubject(input.subjectType);
    const [summary] = subject ? await subject.describe(services.db, [input.subjectId]) : [];
    if (!summary) throw notFound();
    try {
      await moderateSubject(services, admin, { ...input, spaceId: summary.spaceId });
    } catch (error) {
      if (error instanceof AppError && (error.code === "validation_failed" || error.code === "conflict")) {
        const errors = Object.keys(error.fields).length ? error.fields : { _: { key: error.messageKey } };
        return render(request, reply, { values: body, errors, subjectId: input.subjectId }, error.status);
      }
      throw error;
    }
    setFlash(reply, `moderation.flash.${input.decision}`);
    return reply.redirect("/admin/moderation", 303);
  });
}
