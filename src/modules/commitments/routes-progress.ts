import type { FastifyInstance, FastifyRequest } from "fastify";
import { requireUser } from "../../platform/auth/guards";
import { AppError, forbidden } from "../../platform/errors";
import { viewContext } from "../../platform/http/context";
import { formBody, runForm, sendPage } from "../../platform/http/forms";
import { setFlash } from "../../platform/http/plugin";
import { emptyForm, localizedFromForm } from "../../platform/views/forms";
import { postProgressReport } from "./commands/post-progress-report";
import { canReportProgress } from "./permissions-review";
import { indicatorsOf, loadProgressSection } from "./queries-progress";
import { loadCommitmentForViewer } from "./queries-review";
import { progressFormPage, progressPage } from "./views/progress-pages";

type Params = { Params: { slug: string; number: string } };
const hidden = { schema: { hide: true } };

/** Progress pages: the public timeline of a commitment and the owner's report form. */
export async function progressRoutes(app: FastifyInstance): Promise<void> {
  const services = app.services;
  const { db } = services;

  app.get<Params>("/spaces/:slug/commitments/:number/progress", hidden, async (request, reply) => {
    const { space, commitment, subject } = await loadCommitmentForViewer(db, request.params.slug, request.params.number, request.user);
    const data = await loadProgressSection(db, { commitment, spaceSlug: space.slug, now: services.clock.now(), canReport: canReportProgress(subject) });
    return sendPage(reply, progressPage(viewContext(request), { spaceSlug: space.slug, commitment }, data));
  });

  /** The commitment for the report form: visible (else 404), the viewer's own (else 403) and published (else 409). */
  const loadForOwner = async (request: FastifyRequest<Params>) => {
    const user = requireUser(request);
    const loaded = await loadCommitmentForViewer(db, request.params.slug, request.params.number, user);
    if (!canReportProgress(loaded.subject)) throw forbidden();
    if (loaded.commitment.status !== "published") throw new AppError("conflict", "commitment.progress.error.not_published");
    return { user, ...loaded };
  };

  app.get<Params>("/spaces/:slug/commitments/:number/progress/new", hidden, async (request, reply) => {
    const { space, commitment } = await loadForOwner(request);
    const indicators = await indicatorsOf(db, commitment.id);
    const form = emptyForm({ report_date: services.clock.now().toISOString().slice(0, 10), stage: commitment.stage });
    return sendPage(reply, progressFormPage(viewContext(request), { spaceSlug: space.slug, commitment }, indicators, form));
  });

  app.post<Params>("/spaces/:slug/commitments/:number/progress/new", hidden, async (request, reply) => {
    const { user, space, commitment } = await loadForOwner(request);
    const indicators = await indicatorsOf(db, commitment.id);
    const body = formBody(request);
    const text = (name: string) => (typeof body[name] === "string" ? (body[name] as string) : "");
    const view = viewContext(request);
    return runForm(reply, body, (form) => progressFormPage(view, { spaceSlug: space.slug, commitment }, indicators, form), async () => {
      await postProgressReport(services, user, commitment.id, {
        reportDate: text("report_date"),
        stage: text("stage"),
        values: Object.fromEntries(indicators.map((indicator) => [indicator.id, text(`value.${indicator.id}`)])),
        percentComplete: text("percent_complete"),
        narrative: localizedFromForm(body, "narrative"),
        evidenceLinks: text("evidence_links").split(/\s+/),
        ip: request.ip,
      });
      setFlash(reply, "commitment.progress.saved");
      reply.redirect(`/spaces/${space.slug}/commitments/${commitment.number}/progress`, 303);
    });
  });
}
