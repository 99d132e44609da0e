import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { asc, eq, isNull } from "drizzle-orm";
import { requireUser } from "../../../platform/auth/guards";
import { AppError, notFound } from "../../../platform/errors";
import { viewContext } from "../../../platform/http/context";
import { formBody, runForm, sendPage, validateForm } from "../../../platform/http/forms";
import { setFlash } from "../../../platform/http/plugin";
import { emptyForm, type FormState } from "../../../platform/views/forms";
import { knowledgeCollections } from "../schema";
import { publishEnquiryFaq } from "./commands/publish-enquiry-faq";
import { submitEnquiry } from "./commands/submit-enquiry";
import { addEnquiryNote } from "./commands/add-enquiry-note";
import { answerEnquiry } from "./commands/answer-enquiry";
import { assignEnquiry } from "./commands/assign-enquiry";
import { closeEnquiry } from "./commands/close-enquiry";
import { AnswerBody, AssignBody, FaqBody, MemberEnquiryBody, NoteBody, parseEnquiryNumber, QUESTION_MAX, queueFiltersFromQuery, VisitorEnquiryBody } from "./inputs";
import { scheduleEnquiryJobs } from "./jobs";
import { countByStatus, enquiriesOfUser, findEnquiry, listEnquiries, queueWorkers, type EnquiryDetail } from "./queries";
import { loadEnquiryScope, requireQueueWorker, type EnquiryScope } from "./scope";
import { accountEnquiriesPage, enquiryFormPage, enquiryPage, enquirySentPage, faqFormPage, queuePage, type EnquiryPageForms } from "./views/pages";

type Params = { slug?: string; number?: string };
type Request = FastifyRequest<{ Params: Params }>;
type Handler = (request: Request, reply: FastifyReply, scope: EnquiryScope) => Promise<unknown>;

/** The enquiries' two homes: the platform secretariat's and each space's. */
const PREFIXES = ["/knowledge", "/spaces/:slug/knowledge"] as const;
const QUEUE_PAGE_SIZE = 25;

/** Enquiry pages: the form and its confirmation, the coordinators' queue and its actions, and the asker's own list. */
export async function enquiryRoutes(app: FastifyInstance): Promise<void> {
  const services = app.services;
  const { db } = services;
  if (services.config.isJobWorkerEnabled) app.addHook("onReady", async () => scheduleEnquiryJobs(services));

  const page = (method: "GET" | "POST", path: string, handler: Handler, options: { isMailing?: boolean } = {}) => {
    for (const prefix of PREFIXES) {
      app.route({
        method,
        url: `${prefix}/enquiries${path}`,
        schema: { hide: true },
        // Sending an enquiry mails its asker and the coordinators: the same per-IP limit as the account endpoints.
        ...(options.isMailing ? { config: { rateLimit: { max: services.config.authRateLimit, timeWindow: "1 minute" } } } : {}),
        handler: async (request, reply) => {
          const typed = request as Request;
          return handler(typed, reply, await loadEnquiryScope(db, typed.params.slug, request.user));
        },
      });
    }
  };

  // ---- asking ----
  page("GET", "/new", async (request, reply, scope) => {
    const query = request.query as Record<string, unknown>;
    const question = typeof query.q === "string" ? query.q.trim().slice(0, QUESTION_MAX) : "";
    return sendPage(reply, enquiryFormPage(viewContext(request), scope, emptyForm({ question })));
  });

  page(
    "POST",
    "",
    async (request, reply, scope) => {
      const body = formBody(request);
      const view = viewContext(request);
      // The typed text is kept on error; the consent box is asked again only if it was not ticked.
      const values = { question: body.question, details: body.details, tags: body.tags, name: body.name, email: body.email, consent: body.consent };
      const render = (form: FormState) => enquiryFormPage(view, scope, form);
      const space = scope.space ? { id: scope.space.id, slug: scope.space.slug, title: scope.space.title } : null;
      if (request.user) {
        const result = validateForm(MemberEnquiryBody, body);
        if (!result.isValid) return sendPage(reply, render({ values, errors: result.errors }), 422);
        const user = request.user;
        return runForm(reply, values, render, async () => {
          const { number } = await submitEnquiry(services, { space, asker: { kind: "member", userId: user.id }, ...result.data }, { ip: request.ip });
          await reply.redirect(`${scope.base}/enquiries/sent?ref=${number}`, 303);
        });
      }
      const result = validateForm(VisitorEnquiryBody, body);
      if (!result.isValid) return sendPage(reply, render({ values, errors: result.errors }), 422);
      const { name, email, consent: _consent, ...text } = result.data;
      return runForm(reply, values, render, async () => {
        // A visitor is answered in the language of the page they asked on.
        const { number } = await submitEnquiry(services, { space, asker: { kind: "visitor", name, email, language: request.locale }, ...text }, { ip: request.ip });
        await reply.redirect(`${scope.base}/enquiries/sent?ref=${number}`, 303);
      });
    },
    { isMailing: true },
  );

  page("GET", "/sent", async (request, reply, scope) => {
    const number = parseEnquiryNumber((request.query as Record<string, unknown>).ref);
    if (number === undefined) throw notFound();
    return sendPage(reply, enquirySentPage(viewContext(request), scope, number));
  });

  // ---- the queue ----
  page("GET", "", async (request, reply, scope) => {
    const user = requireQueueWorker(scope, request.user);
    const { after, ...filters } = queueFiltersFromQuery(request.query as Record<string, unknown>);
    const [list, counts, workers] = await Promise.all([
      listEnquiries(db, scope.spaceId, { ...filters, viewerId: user.id }, { afterNumber: after, limit: QUEUE_PAGE_SIZE }),
      countByStatus(db, scope.spaceId),
      queueWorkers(db, scope.spaceId),
    ]);
    return sendPage(reply, queuePage(viewContext(request), scope, { items: list.items, counts, filters, workers, nextAfter: list.nextAfter }));
  });

  /** The enquiry named in the path, in this queue, for one of its workers (404 for another queue's number). */
  const loadEnquiry = async (request: Request, scope: EnquiryScope): Promise<EnquiryDetail> => {
    requireQueueWorker(scope, request.user);
    const number = parseEnquiryNumber(request.params.number);
    const enquiry = number === undefined ? undefined : await findEnquiry(db, scope.spaceId, number);
    if (!enquiry) throw notFound();
    return enquiry;
  };

  const renderEnquiry = async (request: Request, reply: FastifyReply, scope: EnquiryScope, enquiry: EnquiryDetail, forms: EnquiryPageForms = {}, status = 200) =>
    sendPage(reply, enquiryPage(viewContext(request), scope, enquiry, await queueWorkers(db, scope.spaceId), forms), status);

  page("GET", "/:number", async (request, reply, scope) => renderEnquiry(request, reply, scope, await loadEnquiry(request, scope)));

  /** Runs one action on the enquiry page; a failed form re-renders the page with the input and the error beside it. */
  const action = (path: string, formName: keyof EnquiryPageForms | null, run: (request: Request, scope: EnquiryScope, enquiry: EnquiryDetail, body: Record<string, unknown>) => Promise<string>) =>
    page("POST", `/:number${path}`, async (request, reply, scope) => {
      const enquiry = await loadEnquiry(request, scope);
      const body = formBody(request);
      try {
        const flash = await run(request, scope, enquiry, body);
        setFlash(reply, flash);
        return reply.redirect(`${scope.base}/enquiries/${enquiry.number}`, 303);
      } catch (error) {
        if (error instanceof AppError && formName && error.status < 500 && error.code !== "not_found" && error.code !== "forbidden") {
          const errors = Object.keys(error.fields).length ? error.fields : { [formName === "assign" ? "assignee" : formName]: { key: error.messageKey } };
          return renderEnquiry(request, reply, scope, await loadEnquiry(request, scope), { [formName]: { values: body, errors } }, error.status);
        }
        throw error;
      }
    });

  const validated = <T>(result: { isValid: true; data: T } | { isValid: false; errors: Record<string, { key: string }> }): T => {
    if (!result.isValid) throw new AppError("validation_failed", "error.validation_failed", result.errors);
    return result.data;
  };

  action("/assign", "assign", async (request, _scope, enquiry, body) => {
    const { assignee } = validated(validateForm(AssignBody, body));
    await assignEnquiry(services, requireUser(request), enquiry, assignee, { ip: request.ip });
    return "knowledge.enquiry.flash.assigned";
  });
  action("/notes", "note", async (request, _scope, enquiry, body) => {
    const { note } = validated(validateForm(NoteBody, body));
    await addEnquiryNote(services, requireUser(request), enquiry, note, { ip: request.ip });
    return "knowledge.enquiry.flash.noted";
  });
  action("/answer", "answer", async (request, scope, enquiry, body) => {
    const { answer } = validated(validateForm(AnswerBody, body));
    await answerEnquiry(services, requireUser(request), enquiry, answer, { ip: request.ip, spaceTitle: scope.space?.title ?? null });
    return "knowledge.enquiry.flash.answered";
  });
  action("/close", null, async (request, _scope, enquiry) => {
    await closeEnquiry(services, requireUser(request), enquiry, { ip: request.ip });
    return "knowledge.enquiry.flash.closed";
  });

  // ---- publishing the answer as a FAQ entry ----
  const collectionsOf = (spaceId: string | null) =>
    db
      .select({ id: knowledgeCollections.id, title: knowledgeCollections.title })
      .from(knowledgeCollections)
      .where(spaceId === null ? isNull(knowledgeCollections.spaceId) : eq(knowledgeCollections.spaceId, spaceId))
      .orderBy(asc(knowledgeCollections.position), asc(knowledgeCollections.slug));

  const loadPublishable = async (request: Request, scope: EnquiryScope): Promise<EnquiryDetail> => {
    const enquiry = await loadEnquiry(request, scope);
    if (!enquiry.answer) throw new AppError("conflict", "knowledge.enquiry.error.not_answered");
    if (enquiry.faqDocumentId) throw new AppError("conflict", "knowledge.enquiry.error.already_published");
    return enquiry;
  };

  page("GET", "/:number/faq", async (request, reply, scope) => {
    const enquiry = await loadPublishable(request, scope);
    const form = emptyForm({ title: enquiry.question, body: enquiry.answer, language: enquiry.askerLanguage, tags: enquiry.tags.join(", "), collection: "" });
    return sendPage(reply, faqFormPage(viewContext(request), scope, enquiry, form, await collectionsOf(scope.spaceId)));
  });

  page("POST", "/:number/faq", async (request, reply, scope) => {
    const user = requireUser(request);
    const enquiry = await loadPublishable(request, scope);
    const body = formBody(request);
    const collections = await collectionsOf(scope.spaceId);
    const render = (form: FormState) => faqFormPage(viewContext(request), scope, enquiry, form, collections);
    const result = validateForm(FaqBody, body);
    if (!result.isValid) return sendPage(reply, render({ values: body, errors: result.errors }), 422);
    return runForm(reply, body, render, async () => {
      await publishEnquiryFaq(services, user, enquiry, result.data, { ip: request.ip });
      setFlash(reply, "knowledge.enquiry.flash.published");
      await reply.redirect(`${scope.base}/enquiries/${enquiry.number}`, 303);
    });
  });

  // ---- the asker's own enquiries ----
  app.get("/account/enquiries", { schema: { hide: true } }, async (request, reply) => {
    const user = requireUser(request);
    return sendPage(reply, accountEnquiriesPage(viewContext(request), await enquiriesOfUser(db, user.id)));
  });
}
