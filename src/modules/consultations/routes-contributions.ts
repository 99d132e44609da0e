import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireUser } from "../../platform/auth/guards";
import { AppError, forbidden } from "../../platform/errors";
import { viewContext } from "../../platform/http/context";
import { formBody, safeNextPath, sendPage } from "../../platform/http/forms";
import { setFlash } from "../../platform/http/plugin";
import { emptyForm, type FormState } from "../../platform/views/forms";
import { organisationsOfUser } from "../organisations/queries";
import { deleteOwnContribution } from "./commands/delete-own-contribution";
import { editContribution } from "./commands/edit-contribution";
import { postContribution } from "./commands/post-contribution";
import { reactToContribution } from "./commands/react-to-contribution";
import { loadTopicForViewer, type TopicForViewer } from "./queries";
import { isFollowing } from "./queries-participation";
import { loadContributionForViewer, loadThreadSummary, loadThreadsPage, parseCursor, revisionsOf, threadPageCursor } from "./queries-contributions";
import { contributionUrl, isEditable } from "./views/contribution";
import { registerContributionStylesheet } from "./views/contribution-styles";
import { followButton } from "./views/participation-follow";
import { deletePage, editPage, historyPage, permalinkPage } from "./views/contribution-pages";
import { consultationBase, topicPage, topicUrl } from "./views/topic-page";

type TopicParams = { Params: { slug: string; consultation: string; number: string }; Querystring: { after?: string; question?: string } };
type ContributionParams = { Params: { slug: string; consultation: string; number: string } };
const hidden = { schema: { hide: true } };

const text = (body: Record<string, unknown>, name: string): string => (typeof body[name] === "string" ? (body[name] as string) : "");

/**
 * Runs a contribution command for a form. Any expected failure — invalid fields, a closed window, a block, the
 * rate limit — re-renders the form with the text kept and the reason beside the field or in the summary,
 * with the error's status; only "not found" falls through to the 404 page.
 */
async function runContributionForm(reply: FastifyReply, values: Record<string, unknown>, render: (form: FormState) => Promise<string>, action: () => Promise<void>): Promise<FastifyReply | void> {
  try {
    await action();
  } catch (error) {
    if (!(error instanceof AppError) || error.code === "not_found" || error.code === "unauthenticated") throw error;
    const errors = Object.keys(error.fields).length ? error.fields : { _: { key: error.messageKey, values: error.values } };
    return sendPage(reply, await render({ values, errors }), error.status);
  }
}

/** The topic page, the contribution permalink with its reply form, edit, history, delete and reactions. */
export async function contributionsRoutes(app: FastifyInstance): Promise<void> {
  const services = app.services;
  const { db } = services;
  registerContributionStylesheet(app);

  const organisationsFor = (userId: string | undefined) => (userId ? organisationsOfUser(db, userId) : Promise.resolve([]));

  const loadTopic = (request: FastifyRequest<TopicParams>) =>
    loadTopicForViewer(db, request.params.slug, request.params.consultation, request.params.number, request.user, services.clock.now());

  const renderTopic = async (request: FastifyRequest<TopicParams>, form: FormState | null): Promise<string> => {
    const topic = await loadTopic(request);
    const after = parseCursor(request.query.after);
    const [page, summary, organisations, isFollowingTopic] = await Promise.all([
      loadThreadsPage(db, topic, request.user?.id ?? null, after),
      loadThreadSummary(db, topic),
      topic.canContribute ? organisationsFor(request.user?.id) : Promise.resolve([]),
      isFollowing(db, request.user?.id, topic.consultation.id, topic.topic.id),
    ]);
    // "Jump to the latest post": on this page when it is here, else its permalink (which links back into the
    // thread) — finding the page of threads holding it would cost queries on every view of a long topic
    const latest = summary.lastPostNumber;
    const isLatestHere = latest !== null && [...page.roots, ...page.replies].some((card) => card.number === latest);
    const latestUrl = latest === null ? null : isLatestHere ? `#c-${latest}` : `${consultationBase(topic)}/contributions/${latest}`;
    const question = topic.questions.find((candidate) => String(candidate.number) === request.query.question);
    const view = viewContext(request);
    return topicPage(view, {
      aside: followButton(view, { spaceSlug: topic.space.slug, consultationSlug: topic.consultation.slug, topicNumber: topic.topic.number, isFollowing: isFollowingTopic }),
      topic,
      page,
      summary,
      latestUrl,
      after,
      now: services.clock.now(),
      organisations,
      form: form ?? emptyForm({ question_id: question?.id ?? "" }),
    });
  };

  /**
   * After posting, the author lands on the topic page where their post is shown in its thread (the right page of
   * threads, scrolled to the card), not on a permalink whose number means nothing to them.
   */
  const postedPosition = async (topic: TopicForViewer, number: number): Promise<string> => {
    const after = await threadPageCursor(db, topic, number);
    return `${topicUrl(topic)}${after ? `?after=${after}` : ""}#c-${number}`;
  };

  app.get<TopicParams>("/spaces/:slug/consultations/:consultation/topics/:number", hidden, async (request, reply) => sendPage(reply, await renderTopic(request, null)));

  app.post<TopicParams>("/spaces/:slug/consultations/:consultation/topics/:number/contributions", hidden, async (request, reply) => {
    const user = requireUser(request);
    const topic = await loadTopic(request);
    const body = formBody(request);
    // the first page, where the form is, whatever page the reader was on
    request.query.after = undefined;
    return runContributionForm(reply, body, (form) => renderTopic(request, form), async () => {
      const posted = await postContribution(services, user, topic, {
        body: text(body, "body"),
        questionId: text(body, "question_id"),
        organisationId: text(body, "organisation_id"),
        constituency: text(body, "constituency"),
        language: text(body, "language"),
      });
      setFlash(reply, posted.status === "held" ? "consultation.contributions.posted_held" : "consultation.contributions.posted");
      reply.redirect(await postedPosition(topic, posted.number), 303);
    });
  });

  const loadContribution = (request: FastifyRequest<ContributionParams>) =>
    loadContributionForViewer(db, request.params.slug, request.params.consultation, request.params.number, request.user, services.clock.now());

  const renderPermalink = async (request: FastifyRequest<ContributionParams>, form: FormState | null): Promise<string> => {
    const { topic, contribution, thread } = await loadContribution(request);
    const organisations = topic.canContribute ? await organisationsFor(request.user?.id) : [];
    return permalinkPage(viewContext(request), {
      topic,
      contribution,
      thread,
      parentNumber: contribution.parentNumber,
      now: services.clock.now(),
      organisations,
      form: form ?? emptyForm(),
    });
  };

  app.get<ContributionParams>("/spaces/:slug/consultations/:consultation/contributions/:number", hidden, async (request, reply) => sendPage(reply, await renderPermalink(request, null)));

  app.post<ContributionParams>("/spaces/:slug/consultations/:consultation/contributions/:number/reply", hidden, async (request, reply) => {
    const user = requireUser(request);
    const { topic, contribution } = await loadContribution(request);
    const body = formBody(request);
    return runContributionForm(reply, body, (form) => renderPermalink(request, form), async () => {
      const posted = await postContribution(services, user, topic, {
        body: text(body, "body"),
        parentId: contribution.id,
        organisationId: text(body, "organisation_id"),
        constituency: text(body, "constituency"),
        language: text(body, "language"),
      });
      setFlash(reply, posted.status === "held" ? "consultation.contributions.posted_held" : "consultation.contributions.posted");
      reply.redirect(await postedPosition(topic, posted.number), 303);
    });
  });

  /** The author's own contribution, for edit and delete (403 for anyone else). */
  const loadOwn = async (request: FastifyRequest<ContributionParams>) => {
    const user = requireUser(request);
    const loaded = await loadContribution(request);
    if (loaded.contribution.authorId !== user.id) throw forbidden("consultation.contributions.error.not_author");
    return { user, ...loaded };
  };

  app.get<ContributionParams>("/spaces/:slug/consultations/:consultation/contributions/:number/edit", hidden, async (request, reply) => {
    const { topic, contribution, user } = await loadOwn(request);
    const ctx = { viewerId: user.id, now: services.clock.now(), editWindowMinutes: topic.consultation.editWindowMinutes };
    if (!isEditable(ctx, contribution)) throw new AppError("conflict", contribution.status === "published" || contribution.status === "held" ? "consultation.contributions.error.edit_window" : "consultation.contributions.error.not_editable");
    return sendPage(reply, editPage(viewContext(request), topic, contribution, emptyForm({ body: contribution.body })));
  });

  app.post<ContributionParams>("/spaces/:slug/consultations/:consultation/contributions/:number/edit", hidden, async (request, reply) => {
    const { topic, contribution, user } = await loadOwn(request);
    const body = formBody(request);
    const view = viewContext(request);
    return runContributionForm(reply, body, async (form) => editPage(view, topic, contribution, form), async () => {
      await editContribution(services, user, topic, contribution.number, { body: text(body, "body") });
      setFlash(reply, "consultation.contributions.edited_flash");
      reply.redirect(contributionUrl({ baseUrl: consultationBase(topic) }, contribution.number), 303);
    });
  });

  app.get<ContributionParams>("/spaces/:slug/consultations/:consultation/contributions/:number/history", hidden, async (request, reply) => {
    const { topic, contribution } = await loadContribution(request);
    // A hidden or held text's history is for its author and moderators, like the text itself; a deleted one for nobody.
    const isAuthor = request.user?.id === contribution.authorId;
    const canSeeText = contribution.status === "published" || (contribution.status !== "deleted" && (isAuthor || topic.access.canModerate));
    const revisions = canSeeText ? await revisionsOf(db, contribution.id) : [];
    return sendPage(reply, historyPage(viewContext(request), topic, contribution, revisions, canSeeText));
  });

  app.get<ContributionParams>("/spaces/:slug/consultations/:consultation/contributions/:number/delete", hidden, async (request, reply) => {
    const { topic, contribution } = await loadOwn(request);
    if (contribution.status === "deleted") return reply.redirect(contributionUrl({ baseUrl: consultationBase(topic) }, contribution.number), 303);
    return sendPage(reply, deletePage(viewContext(request), topic, contribution));
  });

  app.post<ContributionParams>("/spaces/:slug/consultations/:consultation/contributions/:number/delete", hidden, async (request, reply) => {
    const { topic, contribution, user } = await loadOwn(request);
    await deleteOwnContribution(services, user, topic, contribution.number);
    setFlash(reply, "consultation.contributions.deleted_flash");
    return reply.redirect(`${topicUrl(topic)}#c-${contribution.number}`, 303);
  });

  app.post<ContributionParams>("/spaces/:slug/consultations/:consultation/contributions/:number/react", hidden, async (request, reply) => {
    const user = requireUser(request);
    const { topic, contribution } = await loadContribution(request);
    const body = formBody(request);
    await reactToContribution(services, user, topic, contribution.number, text(body, "kind"));
    const back = safeNextPath(text(body, "return_to"));
    // back to the page the reader was on, but only within this consultation
    const target = back.startsWith(`${consultationBase(topic)}/`) ? back : topicUrl(topic);
    return reply.redirect(`${target}#c-${contribution.number}`, 303);
  });
}
