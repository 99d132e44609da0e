import type { FastifyInstance, FastifyRequest } from "fastify";
import { requireUser } from "../../platform/auth/guards";
import { AppError, forbidden, notFound, type FieldErrors } from "../../platform/errors";
import { viewContext } from "../../platform/http/context";
import { formBody, formList, runForm, sendPage } from "../../platform/http/forms";
import { setFlash } from "../../platform/http/plugin";
import { emptyForm, type FormState } from "../../platform/views/forms";
import { organisationsOfUser } from "../organisations/queries";
import { createCommitment } from "./commands/create-commitment";
import { submitCommitment } from "./commands/submit-commitment";
import { updateCommitment } from "./commands/update-commitment";
import { updateCommitmentSettings } from "./commands/update-commitment-settings";
import { withdrawCommitment } from "./commands/withdraw-commitment";
import { submissionErrors } from "./form-criteria";
import { commitmentToValues, ROW_FIELDS, rowCount, STEP_COUNT, stepInput, type RowGroup } from "./form-input";
import { canCreateCommitment, canEditCommitmentSettings } from "./permissions";
import { commitmentSettingsOf, getCommitmentForViewer, spaceForViewer, type CommitmentForViewer } from "./queries";
import type { ViewedSpace } from "../spaces/queries";
import { frameworkChoicesOfSpace, reviewTrail, similarCommitments } from "./queries-form";
import { loadProgressSection } from "./queries-progress";
import { listRevisions } from "./revisions";
import { detailPage, historyPage } from "./views/form-detail";
import { settingsPage } from "./views/form-settings";
import { hasPartnersSection, newCommitmentPage, stepPage } from "./views/form-steps";
import { progressSection } from "./views/progress-section";

type SlugParams = { Params: { slug: string } };
type CommitmentParams = { Params: { slug: string; number: string }; Querystring: { step?: string } };
const hidden = { schema: { hide: true } };
const ROW_GROUPS: RowGroup[] = ["indicators", "partners", "contacts", "links"];

/** A page the viewer may see but not use: anonymous people are asked to log in, others are refused. */
function allowOrRefuse(request: FastifyRequest, isAllowed: boolean): void {
  if (isAllowed) return;
  if (!request.user) throw new AppError("unauthenticated");
  throw forbidden();
}

function commitmentNumber(value: string): number {
  if (!/^\d{1,15}$/.test(value)) throw notFound();
  return Number(value);
}

function stepOf(value: unknown, fallback = 1): number {
  const step = Number(value);
  return Number.isInteger(step) && step >= 1 && step <= STEP_COUNT ? step : fallback;
}

/** Making and editing commitments: start, the step-by-step form, submit, withdraw, detail, history, space settings. */
export async function formRoutes(app: FastifyInstance): Promise<void> {
  const services = app.services;
  const { db } = services;
  const base = (found: CommitmentForViewer) => `/spaces/${found.space.slug}/commitments/${found.commitment.number}`;
  const load = (request: FastifyRequest<CommitmentParams>) => getCommitmentForViewer(db, request.params.slug, commitmentNumber(request.params.number), request.user);

  // ---- start a commitment ----

  const spaceForCreation = async (request: FastifyRequest<SlugParams>) => {
    const user = requireUser(request);
    const space = await spaceForViewer(db, request.params.slug, user);
    const isAllowed = canCreateCommitment({ isSignedIn: true, isEmailVerified: user.isEmailVerified, canViewSpace: true, enabledModules: space.enabledModules, isArchived: space.archivedAt !== null });
    if (!isAllowed) throw forbidden();
    return { user, space };
  };
  const newPage = async (request: FastifyRequest<SlugParams>, space: ViewedSpace, userId: string, form: FormState) => {
    const [settings, organisations] = await Promise.all([commitmentSettingsOf(db, space.id), organisationsOfUser(db, userId)]);
    return newCommitmentPage(viewContext(request), space, settings, organisations, form);
  };

  app.get<SlugParams>("/spaces/:slug/commitments/new", hidden, async (request, reply) => {
    const { user, space } = await spaceForCreation(request);
    return sendPage(reply, await newPage(request, space, user.id, emptyForm({ template: "organisation" })));
  });

  app.post<SlugParams>("/spaces/:slug/commitments/new", hidden, async (request, reply) => {
    const { user, space } = await spaceForCreation(request);
    const body = formBody(request);
    const values = { actor: String(body.actor ?? ""), template: String(body.template ?? "") };
    const page = (form: FormState) => newPage(request, space, user.id, form);
    try {
      const isPerson = values.actor === "person";
      const created = await createCommitment(services, user, space.id, { organisationId: isPerson ? null : values.actor || null, template: isPerson ? "person" : values.template || "organisation" }, request.ip);
      setFlash(reply, "commitment.form.new.created");
      return reply.redirect(`/spaces/${created.spaceSlug}/commitments/${created.number}/edit?step=1`, 303);
    } catch (error) {
      if (error instanceof AppError && (error.code === "validation_failed" || Object.keys(error.fields).length)) {
        const errors: FieldErrors = { ...error.fields };
        if (errors.organisationId) errors.actor = errors.organisationId;
        delete errors.organisationId;
        return sendPage(reply, await page({ values, errors: Object.keys(errors).length ? errors : { actor: { key: "validation.invalid_choice" } } }), error.status);
      }
      throw error;
    }
  });

  // ---- the space's commitment settings (coordinators) ----

  app.get<SlugParams>("/spaces/:slug/commitments/settings", hidden, async (request, reply) => {
    const space = await spaceForViewer(db, request.params.slug, request.user);
    allowOrRefuse(request, canEditCommitmentSettings(request.user, space.viewerRoles));
    const settings = await commitmentSettingsOf(db, space.id);
    return sendPage(reply, settingsPage(viewContext(request), space, emptyForm({ ...settings })));
  });

  app.post<SlugParams>("/spaces/:slug/commitments/settings", hidden, async (request, reply) => {
    const space = await spaceForViewer(db, request.params.slug, request.user);
    allowOrRefuse(request, canEditCommitmentSettings(request.user, space.viewerRoles));
    const user = requireUser(request);
    const body = formBody(request);
    const values = { mode: body.mode, criteria: formList(body, "criteria"), reviewWindowDays: body.reviewWindowDays, greenMonths: body.greenMonths, redMonths: body.redMonths };
    const integer = (value: unknown) => (typeof value === "string" && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value);
    return runForm(reply, values, (form) => settingsPage(viewContext(request), space, form), async () => {
      await updateCommitmentSettings(
        services,
        user,
        space.id,
        { ...values, reviewWindowDays: integer(values.reviewWindowDays), greenMonths: integer(values.greenMonths), redMonths: integer(values.redMonths) },
        request.ip,
      );
      setFlash(reply, "form.saved");
      reply.redirect(`/spaces/${space.slug}/commitments/settings`, 303);
    });
  });

  // ---- one commitment ----

  app.get<CommitmentParams>("/spaces/:slug/commitments/:number", hidden, async (request, reply) => {
    const found = await load(request);
    const [trail, progress] = await Promise.all([
      found.access.canSeeReviewStatus ? reviewTrail(db, found.commitment.id) : Promise.resolve([]),
      found.commitment.status === "published"
        ? loadProgressSection(db, { commitment: found.commitment, spaceSlug: found.space.slug, now: services.clock.now(), canReport: found.access.isOwner })
        : Promise.resolve(null),
    ]);
    const view = viewContext(request);
    return sendPage(
      reply,
      detailPage(view, { found, trail, progress: progress ? progressSection(view, progress) : null, publicUrl: new URL(base(found), services.config.publicUrl).href }),
    );
  });

  app.get<CommitmentParams>("/spaces/:slug/commitments/:number/history", hidden, async (request, reply) => {
    const found = await load(request);
    return sendPage(reply, historyPage(viewContext(request), found, await listRevisions(db, found.commitment.id)));
  });

  const renderStep = async (request: FastifyRequest, found: CommitmentForViewer, step: number, form: FormState, submitErrors: FieldErrors = {}) => {
    const [choices, similar] = await Promise.all([
      step === 2 ? frameworkChoicesOfSpace(db, found.space.id) : Promise.resolve([]),
      step === STEP_COUNT ? similarCommitments(db, found.commitment) : Promise.resolve([]),
    ]);
    return stepPage(viewContext(request), { data: found, step, form, choices, similar, submitErrors: step === STEP_COUNT && !Object.keys(submitErrors).length && found.access.canSubmit ? submissionErrors(found) : submitErrors });
  };

  app.get<CommitmentParams>("/spaces/:slug/commitments/:number/edit", hidden, async (request, reply) => {
    const found = await load(request);
    allowOrRefuse(request, found.access.canEdit);
    const step = stepOf(request.query.step, found.commitment.draftStep);
    const values = commitmentToValues(found);
    // The measures step opens with one empty indicator row rather than none (a blank row is not saved).
    if (step === 4 && rowCount(values, "indicators") === 0) Object.assign(values, { "indicators.0.id": "", "indicators.0.direction": "increase" });
    return sendPage(reply, await renderStep(request, found, step, emptyForm(values)));
  });

  app.post<CommitmentParams>("/spaces/:slug/commitments/:number/edit", hidden, async (request, reply) => {
    const found = await load(request);
    allowOrRefuse(request, found.access.canEdit);
    const user = requireUser(request);
    const body = formBody(request);
    const step = stepOf(body.step ?? request.query.step);
    if (step === STEP_COUNT) return reply.redirect(`${base(found)}/edit?step=${STEP_COUNT}`, 303);
    const action = String(body._action ?? "save");
    // Adding or removing a row only redraws the step with what was typed; nothing is saved until Save.
    const rowAction = /^(add|remove):(indicators|partners|contacts|links)(?::(\d+))?$/.exec(action);
    if (rowAction && ROW_GROUPS.includes(rowAction[2] as RowGroup)) {
      const group = rowAction[2] as RowGroup;
      if (rowAction[1] === "remove" && rowAction[3] !== undefined) {
        for (const key of Object.keys(body)) if (key.startsWith(`${group}.${rowAction[3]}.`)) delete body[key];
      }
      const { values } = stepInput(step, body, { hasPartners: hasPartnersSection(found.commitment.template) });
      if (rowAction[1] === "add") {
        const index = rowCount(values, group);
        for (const field of ROW_FIELDS[group]) values[`${group}.${index}.${field}`] = field === "direction" ? "increase" : "";
      }
      return sendPage(reply, await renderStep(request, found, step, { values, errors: {} }));
    }
    const { values, patch } = stepInput(step, body, { hasPartners: hasPartnersSection(found.commitment.template) });
    const next = action === "continue" ? step + 1 : action === "back" ? step - 1 : step;
    const errorsForStep = step === 1 && !Object.keys(patch.title as object).length ? { title: { key: "validation.localized_required" } } : null;
    if (errorsForStep) return sendPage(reply, await renderStep(request, found, step, { values, errors: errorsForStep }), 422);
    try {
      await updateCommitment(services, user, { space: found.space.id, number: found.commitment.number }, patch, {
        draftStep: found.commitment.status === "published" ? undefined : Math.max(1, Math.min(next, STEP_COUNT)),
        ip: request.ip,
      });
    } catch (error) {
      if (error instanceof AppError && error.code === "validation_failed") return sendPage(reply, await renderStep(request, found, step, { values, errors: error.fields }), 422);
      throw error;
    }
    setFlash(reply, "form.saved");
    return reply.redirect(`${base(found)}/edit?step=${Math.max(1, Math.min(next, STEP_COUNT))}`, 303);
  });

  app.post<CommitmentParams>("/spaces/:slug/commitments/:number/submit", hidden, async (request, reply) => {
    const found = await load(request);
    allowOrRefuse(request, found.access.isOwner);
    const user = requireUser(request);
    try {
      await submitCommitment(services, user, { space: found.space.id, number: found.commitment.number }, request.ip);
    } catch (error) {
      if (error instanceof AppError && error.code === "validation_failed") {
        return sendPage(reply, await renderStep(request, found, STEP_COUNT, emptyForm(), error.fields), 422);
      }
      throw error;
    }
    setFlash(reply, "commitment.form.submitted");
    return reply.redirect(base(found), 303);
  });

  app.post<CommitmentParams>("/spaces/:slug/commitments/:number/withdraw", hidden, async (request, reply) => {
    const found = await load(request);
    allowOrRefuse(request, found.access.isOwner);
    await withdrawCommitment(services, requireUser(request), { space: found.space.id, number: found.commitment.number }, request.ip);
    setFlash(reply, "commitment.form.withdrawn");
    return reply.redirect(base(found), 303);
  });
}
