import type { FastifyInstance, FastifyRequest } from "fastify";
import { requireUser } from "../../platform/auth/guards";
import { AppError, forbidden, notFound } from "../../platform/errors";
import { viewContext } from "../../platform/http/context";
import { formBody, runForm, sendPage } from "../../platform/http/forms";
import { setFlash } from "../../platform/http/plugin";
import { emptyForm, localizedFromForm, localizedToForm, type FormState } from "../../platform/views/forms";
import { decideFinding } from "./commands/decide-finding";
import { saveSynthesis } from "./commands/save-synthesis";
import { latestFindingsRun, requestFindings } from "./commands/suggest-findings";
import { defaultGoodPractice, tagContribution } from "./commands/tag-contribution";
import { loadConsultationForViewer, type ConsultationForViewer } from "./queries";
import { loadContributionForViewer } from "./queries-contributions";
import {
  breakoutScope,
  canSeeReport,
  listFindings,
  loadReport,
  loadSynthesisSubject,
  loadTaggingTarget,
  outputContributions,
  structureOf,
  tagsByContribution,
  type TaggingTarget,
} from "./queries-synthesis";
import { SYNTHESIS_TAGS } from "./schema";
import { contributionsCsv } from "./views/report-csv";
import { reportMarkdown } from "./views/report-markdown";
import { recommendationFollowups } from "./recommendations";
import { reportPage } from "./views/report-page";
import { registerReportStylesheet } from "./views/report-styles";
import { findingsPage } from "./views/synthesis-findings";
import { synthesisPage } from "./views/synthesis-edit";
import { consultationUrl } from "./views/synthesis-shared";
import { tagPage } from "./views/synthesis-tag";

type ConsultationParams = { Params: { slug: string; consultation: string } };
type NumberParams = { Params: { slug: string; consultation: string; number: string } };
type FindingParams = { Params: { slug: string; consultation: string; finding: string } };
const hidden = { schema: { hide: true } };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const text = (body: Record<string, unknown>, name: string): string => (typeof body[name] === "string" ? (body[name] as string) : "");

/** The tag form filled from what is saved: checked tags with their notes, and the good practice or its defaults. */
function savedTagForm(target: TaggingTarget): FormState {
  const values: Record<string, unknown> = {};
  for (const tag of target.tags) {
    values[`tag.${tag.tag}`] = "on";
    values[`note.${tag.tag}`] = tag.note;
    if (tag.practiceKind) values.practice_kind = tag.practiceKind;
  }
  const practice = target.goodPractice ?? defaultGoodPractice(target.contribution);
  if (target.goodPractice) values.practice_kind = target.goodPractice.kind;
  return emptyForm({ ...values, ...localizedToForm("practice_title", practice.title), ...localizedToForm("practice_description", practice.description) });
}

/** Tagging, syntheses per topic and plenary, recurring findings, the report (HTML, Markdown) and the contributions CSV. */
export async function synthesisRoutes(app: FastifyInstance): Promise<void> {
  const services = app.services;
  const { db } = services;
  const base = "/spaces/:slug/consultations/:consultation";
  registerReportStylesheet(app);

  // ---- tags ----
  // the permission check (403 for non-facilitators) comes first; then the card as the topic page draws it
  const loadTarget = async (request: FastifyRequest<NumberParams>) => {
    const user = requireUser(request);
    const { slug, consultation, number } = request.params;
    const now = services.clock.now();
    const target = await loadTaggingTarget(db, slug, consultation, number, user, now);
    const { topic, contribution } = await loadContributionForViewer(db, slug, consultation, number, user, now);
    return { target, shown: { topic, card: contribution, now } };
  };

  app.get<NumberParams>(`${base}/contributions/:number/tag`, hidden, async (request, reply) => {
    const { target, shown } = await loadTarget(request);
    return sendPage(reply, tagPage(viewContext(request), target, shown, savedTagForm(target)));
  });

  app.post<NumberParams>(`${base}/contributions/:number/tag`, hidden, async (request, reply) => {
    const user = requireUser(request);
    const { target, shown } = await loadTarget(request);
    const body = formBody(request);
    const view = viewContext(request);
    return runForm(reply, body, (form) => tagPage(view, target, shown, form), async () => {
      try {
        await tagContribution(services, user.id, target, {
          tags: SYNTHESIS_TAGS.filter((tag) => text(body, `tag.${tag}`)),
          notes: Object.fromEntries(SYNTHESIS_TAGS.map((tag) => [tag, text(body, `note.${tag}`)])),
          practiceKind: text(body, "practice_kind"),
          practiceTitle: localizedFromForm(body, "practice_title"),
          practiceDescription: localizedFromForm(body, "practice_description"),
          ip: request.ip,
        });
      } catch (error) {
        // a conflict (tagging a post a moderator hid meanwhile) is shown on the form like a field problem
        if (error instanceof AppError && error.code === "conflict") throw new AppError("conflict", error.messageKey, { tags: { key: error.messageKey } });
        throw error;
      }
      setFlash(reply, "consultation.synthesis.tag.saved");
      reply.redirect(`${consultationUrl(target)}/contributions/${target.contribution.number}/tag`, 303);
    });
  });

  // ---- syntheses ----
  for (const kind of ["topic", "group"] as const) {
    const path = `${base}/${kind === "topic" ? "topics" : "groups"}/:number/synthesis`;
    const load = (request: FastifyRequest<NumberParams>) => {
      const user = requireUser(request);
      return loadSynthesisSubject(db, { ...request.params, kind }, user, services.clock.now());
    };
    app.get<NumberParams>(path, hidden, async (request, reply) => {
      const subject = await load(request);
      return sendPage(reply, synthesisPage(viewContext(request), subject, emptyForm({ body: subject.synthesis?.body ?? "" })));
    });
    app.post<NumberParams>(path, hidden, async (request, reply) => {
      const user = requireUser(request);
      const subject = await load(request);
      const body = formBody(request);
      const view = viewContext(request);
      return runForm(reply, body, (form) => synthesisPage(view, subject, form), async () => {
        await saveSynthesis(services, user.id, { consultationId: subject.consultation.id, spaceId: subject.space.id, access: subject.access, group: subject.group, topic: subject.topic }, { body: text(body, "body"), ip: request.ip });
        setFlash(reply, "consultation.synthesis.edit.saved");
        reply.redirect(request.url, 303);
      });
    });
  }

  // ---- recurring findings ----
  const loadForFindings = async (request: FastifyRequest<ConsultationParams>) => {
    const user = requireUser(request);
    const subject = await loadConsultationForViewer(db, request.params.slug, request.params.consultation, user, services.clock.now());
    if (!subject.access.canFacilitateAny) throw forbidden();
    return { user, subject };
  };
  const findingsSubject = (subject: ConsultationForViewer) => ({ consultationId: subject.consultation.id, spaceId: subject.space.id, access: subject.access });
  const renderFindings = async (request: FastifyRequest, subject: ConsultationForViewer, failed?: { findingId: string; form: FormState }) => {
    const scope = await breakoutScope(db, subject, services.clock.now());
    const [findings, structure, run] = await Promise.all([listFindings(db, subject.consultation.id, scope), structureOf(db, subject.consultation.id), latestFindingsRun(db, subject.consultation.id)]);
    return findingsPage(viewContext(request), { subject, findings, ...structure, run, failed });
  };

  app.get<ConsultationParams>(`${base}/findings`, hidden, async (request, reply) => {
    const { subject } = await loadForFindings(request);
    return sendPage(reply, await renderFindings(request, subject));
  });

  app.post<ConsultationParams>(`${base}/findings/suggest`, hidden, async (request, reply) => {
    const { user, subject } = await loadForFindings(request);
    // the clustering takes seconds on a large consultation: it runs in the job queue, the page shows its progress
    const { isNew } = await requestFindings(services, user.id, findingsSubject(subject));
    setFlash(reply, isNew ? "consultation.synthesis.findings.queued_flash" : "consultation.synthesis.findings.already_queued_flash");
    return reply.redirect(`${consultationUrl(subject)}/findings`, 303);
  });

  app.post<FindingParams>(`${base}/findings/:finding`, hidden, async (request, reply) => {
    const { user, subject } = await loadForFindings(request);
    if (!UUID.test(request.params.finding)) throw notFound();
    const body = formBody(request);
    const findingId = request.params.finding;
    try {
      await decideFinding(services, user.id, findingsSubject(subject), findingId, {
        decision: text(body, "decision"),
        title: text(body, "title"),
        summary: text(body, "summary"),
        ip: request.ip,
      });
    } catch (error) {
      if (error instanceof AppError && error.code === "validation_failed") {
        return sendPage(reply, await renderFindings(request, subject, { findingId, form: { values: body, errors: error.fields } }), error.status);
      }
      throw error;
    }
    setFlash(reply, text(body, "decision") === "accept" ? "consultation.synthesis.findings.accepted_flash" : "consultation.synthesis.findings.rejected_flash");
    return reply.redirect(`${consultationUrl(subject)}/findings`, 303);
  });

  // ---- report, Markdown and CSV ----
  const loadForReport = async (request: FastifyRequest<ConsultationParams>) => {
    const subject = await loadConsultationForViewer(db, request.params.slug, request.params.consultation, request.user, services.clock.now());
    if (!canSeeReport(subject)) throw new AppError("forbidden", "consultation.synthesis.report.error.not_yet");
    return subject;
  };

  app.get<ConsultationParams>(`${base}/report`, hidden, async (request, reply) => {
    const subject = await loadForReport(request);
    const report = await loadReport(db, subject.consultation.id, await breakoutScope(db, subject, services.clock.now()));
    const view = viewContext(request);
    const recommendationIds = report.groups.flatMap((group) => group.topics.flatMap((topic) => topic.tagged.filter((item) => item.tag === "recommendation").map((item) => item.contribution.id)));
    const followups = await recommendationFollowups(db, subject.space, recommendationIds, view.locale);
    reply.header("cache-control", "private, no-store");
    return sendPage(reply, reportPage(view, subject, report, { canFacilitate: subject.access.canFacilitateAny, now: services.clock.now(), followups }));
  });

  app.get<ConsultationParams>(`${base}/report.md`, hidden, async (request, reply) => {
    const subject = await loadForReport(request);
    const report = await loadReport(db, subject.consultation.id, await breakoutScope(db, subject, services.clock.now()));
    const markdown = reportMarkdown(viewContext(request), subject, report, { publicUrl: services.config.publicUrl, now: services.clock.now() });
    return reply
      .header("content-type", "text/markdown; charset=utf-8")
      .header("content-disposition", `attachment; filename="${subject.consultation.slug}-report.md"`)
      .header("cache-control", "private, no-store")
      .header("x-content-type-options", "nosniff")
      .send(markdown);
  });

  app.get<ConsultationParams>(`${base}/contributions.csv`, hidden, async (request, reply) => {
    const subject = await loadForReport(request);
    const scope = await breakoutScope(db, subject, services.clock.now());
    const [contributions, structure, tags] = await Promise.all([
      outputContributions(db, subject.consultation.id, scope),
      structureOf(db, subject.consultation.id),
      tagsByContribution(db, subject.consultation.id),
    ]);
    const csv = contributionsCsv(viewContext(request), { contributions, ...structure, tags });
    return reply
      .header("content-type", "text/csv; charset=utf-8")
      .header("content-disposition", `attachment; filename="${subject.consultation.slug}-contributions.csv"`)
      .header("cache-control", "private, no-store")
      .send(csv);
  });
}
