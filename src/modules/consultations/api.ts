import { and, asc, desc, eq, gt, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Database } from "../../db/client";
import { decodeCursor, encodeCursor, ErrorResponse, PageQuery, pageEnvelope } from "../../platform/api/pagination";
import { assertTokenActsFor, tokenOrganisation } from "../../platform/api/access";
import { requireScope } from "../../platform/auth/guards";
import { AppError, notFound, validationFailed } from "../../platform/errors";
import type { LocalizedText } from "../../platform/i18n/localized";
import { users } from "../../platform/schema";
import { organisations } from "../organisations/schema";
import { getSpaceForViewer } from "../spaces/queries";
import { postContribution } from "./commands/post-contribution";
import { contributionBodyHtml } from "./markdown";
import { loadConsultationForViewer, loadTopicForViewer, type ConsultationForViewer, type TopicForViewer } from "./queries";
import { breakoutFilter, storeMissingBodyHtml } from "./queries-contributions";
import { StatsOut, consultationStats } from "./queries-stats";
import {
  CONSTITUENCIES,
  consultationContributions,
  consultationGroups,
  consultationQuestions,
  consultationTopics,
  consultations,
  GROUP_KINDS,
} from "./schema";
import { innermostWindow, windowState } from "./state";

// Open data covers what anyone may read without signing in: published, public consultations of public spaces,
// and their published contributions (a running session's breakout contributions stay inside their breakout
// until the session closes, as on the pages). Everything else is a 404, exactly like something that does not
// exist, whoever asks — a members-only consultation is not open data even for its members.

const Localized = z.record(z.string(), z.string()).describe("Text per language code, e.g. {\"en\": \"…\", \"ru\": \"…\"}");
const State = z.enum(["upcoming", "open", "closed", "archived"]).describe("Derived from the windows and the clock");
const Moment = z.string().nullable().describe("ISO 8601 instant, or null when not set");

const SlugParams = z.object({ slug: z.string().min(1).max(200) });
const ConsultationParams = SlugParams.extend({ consultation: z.string().min(1).max(80) });
const TopicParams = ConsultationParams.extend({ number: z.coerce.number().int().min(1).max(1_000_000_000) });

export const ConsultationSummaryOut = z.object({
  slug: z.string(),
  url: z.string(),
  api_url: z.string(),
  title: Localized,
  description: Localized,
  state: State,
  opens_at: Moment,
  closes_at: Moment,
  archived_at: Moment,
});
const QuestionOut = z.object({ number: z.number().int(), text: Localized });
const TopicOut = z.object({
  number: z.number().int(),
  title: Localized,
  description: Localized,
  state: State,
  opens_at: Moment,
  closes_at: Moment,
  url: z.string(),
  contributions_url: z.string().describe("API list of its published contributions"),
  feed_url: z.string().describe("Atom feed of its newest contributions"),
  questions: z.array(QuestionOut),
});
const GroupOut = z.object({
  number: z.number().int(),
  kind: z.enum(GROUP_KINDS).describe("discussion: a discussion group; session: a meeting session whose breakout groups answer the same questions"),
  title: Localized,
  description: Localized,
  state: State,
  opens_at: Moment,
  closes_at: Moment,
  topics: z.array(TopicOut),
});
export const ConsultationOut = ConsultationSummaryOut.extend({
  edit_window_minutes: z.number().int(),
  max_reply_depth: z.number().int(),
  stats_url: z.string(),
  groups: z.array(GroupOut),
});
export const ContributionOut = z.object({
  number: z.number().int(),
  url: z.string(),
  topic_number: z.number().int(),
  question_number: z.number().int().nullable(),
  parent_number: z.number().int().nullable().describe("The contribution it replies to"),
  depth: z.number().int(),
  language: z.string().describe("en, ru or other"),
  body: z.string().describe("Markdown source (the safe subset)"),
  body_html: z.string().describe("The body rendered as the pages show it (no raw HTML, no images, nofollow links)"),
  author: z.object({ name: z.string() }).nullable(),
  organisation: z.object({ slug: z.string(), name: Localized, actor_type: z.string(), country: z.string().nullable() }).nullable(),
  created_at: z.string(),
  edited_at: Moment,
});
export type ContributionJson = z.infer<typeof ContributionOut>;

const ContributionIn = z.object({
  body: z.string().describe("Markdown (safe subset), 1–20,000 characters"),
  question_number: z.number().int().min(1).optional().describe("The guiding question answered; absent for the topic as a whole"),
  parent_number: z.number().int().min(1).optional().describe("The contribution replied to (same topic)"),
  organisation_id: z.string().optional().describe("Post on behalf of an organisation you belong to (an organisation token posts for its organisation)"),
  constituency: z.enum(CONSTITUENCIES).optional().describe("Self-identified constituency; only ever published in aggregate"),
  language: z.enum(["en", "ru", "other"]).optional().describe("Detected from the text when absent"),
});
const ContributionWritten = z.object({
  number: z.number().int(),
  status: z.enum(["published", "held"]).describe("held: waiting for a moderator, not public yet"),
  url: z.string(),
});

/** A cursor that decodes but does not hold what this list sorts by: a 400 like any tampered cursor. */
const badCursor = () => new AppError("bad_request", "error.invalid_cursor", { cursor: { key: "error.invalid_cursor" } });

/** Localized text as JSON: only the languages that have text. */
const text = (value: LocalizedText | null | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(value ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === "string"));

const iso = (value: Date | null): string | null => (value ? value.toISOString() : null);
const pathOf = (spaceSlug: string, consultationSlug: string) => `/spaces/${encodeURIComponent(spaceSlug)}/consultations/${encodeURIComponent(consultationSlug)}`;

/** The consultation as open data sees it (anonymous viewer): 404 unless published, public and in a public space. */
export async function openConsultation(db: Database, spaceSlug: string, consultationSlug: string, now: Date): Promise<ConsultationForViewer> {
  return assertOpen(await loadConsultationForViewer(db, spaceSlug, consultationSlug, null, now));
}

function assertOpen<T extends ConsultationForViewer>(found: T): T {
  if (found.space.visibility !== "public" || found.consultation.visibility !== "public" || found.consultation.status !== "published") throw notFound();
  return found;
}

/** A topic of an open consultation, as an anonymous reader sees it (breakout isolation included). */
export async function openTopic(db: Database, spaceSlug: string, consultationSlug: string, topicNumber: number, now: Date): Promise<TopicForViewer> {
  return assertOpen(await loadTopicForViewer(db, spaceSlug, consultationSlug, String(topicNumber), null, now));
}

function summaryJson(publicUrl: string, spaceSlug: string, row: typeof consultations.$inferSelect, now: Date): z.infer<typeof ConsultationSummaryOut> {
  return {
    slug: row.slug,
    url: `${publicUrl}${pathOf(spaceSlug, row.slug)}`,
    api_url: `${publicUrl}/api/v1${pathOf(spaceSlug, row.slug)}`,
    title: text(row.title),
    description: text(row.description),
    state: windowState(row, now, row.archivedAt),
    opens_at: iso(row.opensAt),
    closes_at: iso(row.closesAt),
    archived_at: iso(row.archivedAt),
  };
}

/** Published public consultations of a public space, newest first, a page at a time. */
export async function listOpenConsultations(db: Database, spaceSlug: string, page: PageQuery, publicUrl: string, now: Date) {
  const space = await getSpaceForViewer(db, spaceSlug, null);
  const after = decodeCursor(page.cursor, 2);
  const conditions: SQL[] = [eq(consultations.spaceId, space.id), eq(consultations.status, "published"), eq(consultations.visibility, "public")];
  if (after) {
    const [createdAt, id] = [new Date(String(after[0])), String(after[1])];
    if (Number.isNaN(createdAt.getTime())) throw badCursor();
    conditions.push(or(lt(consultations.createdAt, createdAt), and(eq(consultations.createdAt, createdAt), lt(consultations.id, id)))!);
  }
  const rows = await db
    .select()
    .from(consultations)
    .where(and(...conditions))
    .orderBy(desc(consultations.createdAt), desc(consultations.id))
    .limit(page.limit + 1);
  const items = rows.slice(0, page.limit);
  const last = items[items.length - 1];
  return {
    data: items.map((row) => summaryJson(publicUrl, space.slug, row, now)),
    next_cursor: rows.length > page.limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null,
  };
}

/** A consultation with its groups, topics and questions, in order (three queries whatever its size). */
export async function openConsultationJson(db: Database, found: ConsultationForViewer, publicUrl: string, now: Date): Promise<z.infer<typeof ConsultationOut>> {
  const { consultation, space } = found;
  const [groups, topics] = await Promise.all([
    db.select().from(consultationGroups).where(eq(consultationGroups.consultationId, consultation.id)).orderBy(asc(consultationGroups.number)),
    db.select().from(consultationTopics).where(eq(consultationTopics.consultationId, consultation.id)).orderBy(asc(consultationTopics.position), asc(consultationTopics.number)),
  ]);
  const questions = topics.length
    ? await db.select().from(consultationQuestions).where(inArray(consultationQuestions.topicId, topics.map((topic) => topic.id))).orderBy(asc(consultationQuestions.number))
    : [];
  const base = `${publicUrl}${pathOf(space.slug, consultation.slug)}`;
  return {
    ...summaryJson(publicUrl, space.slug, consultation, now),
    edit_window_minutes: consultation.editWindowMinutes,
    max_reply_depth: consultation.maxReplyDepth,
    stats_url: `${publicUrl}/api/v1${pathOf(space.slug, consultation.slug)}/stats`,
    groups: groups.map((group) => ({
      number: group.number,
      kind: group.kind,
      title: text(group.title),
      description: text(group.description),
      state: windowState(innermostWindow(consultation, group), now, consultation.archivedAt),
      opens_at: iso(group.opensAt),
      closes_at: iso(group.closesAt),
      topics: topics
        .filter((topic) => topic.groupId === group.id)
        .map((topic) => ({
          number: topic.number,
          title: text(topic.title),
          description: text(topic.description),
          state: windowState(innermostWindow(consultation, group, topic), now, consultation.archivedAt),
          opens_at: iso(topic.opensAt),
          closes_at: iso(topic.closesAt),
          url: `${base}/topics/${topic.number}`,
          contributions_url: `${publicUrl}/api/v1${pathOf(space.slug, consultation.slug)}/topics/${topic.number}/contributions`,
          feed_url: `${base}/topics/${topic.number}/feed.atom`,
          questions: questions.filter((question) => question.topicId === topic.id).map((question) => ({ number: question.number, text: text(question.text) })),
        })),
    })),
  };
}

const c = consultationContributions;

/**
 * Published contributions of an open topic, with author and organisation, in `order` of their numbers, after
 * (or before, newest first) the cursor number. One query.
 */
export async function openContributions(db: Database, topic: TopicForViewer, options: { afterNumber?: number; limit: number; order: "oldest" | "newest" }) {
  const conditions: (SQL | undefined)[] = [eq(c.topicId, topic.topic.id), eq(c.status, "published"), breakoutFilter(topic)];
  if (options.afterNumber !== undefined) conditions.push(options.order === "oldest" ? gt(c.number, options.afterNumber) : lt(c.number, options.afterNumber));
  const rows = await db
    .select({
      number: c.number,
      questionNumber: consultationQuestions.number,
      parentNumber: sql<number | string | null>`(select p.number from consultation_contributions p where p.id = ${c.parentId})`,
      depth: c.depth,
      language: c.language,
      id: c.id,
      body: c.body,
      bodyHtml: c.bodyHtml,
      createdAt: c.createdAt,
      editedAt: c.editedAt,
      authorName: users.displayName,
      organisationSlug: organisations.slug,
      organisationName: organisations.name,
      organisationActorType: organisations.actorType,
      organisationCountry: organisations.country,
    })
    .from(c)
    .leftJoin(consultationQuestions, eq(consultationQuestions.id, c.questionId))
    .leftJoin(users, and(eq(users.id, c.authorId), sql`${users.deletedAt} is null`))
    .leftJoin(organisations, eq(organisations.id, c.organisationId))
    .where(and(...conditions))
    .orderBy(options.order === "oldest" ? asc(c.number) : desc(c.number))
    .limit(options.limit);
  await storeMissingBodyHtml(db, rows);
  return rows.map((row) => ({ ...row, number: Number(row.number), parentNumber: row.parentNumber === null ? null : Number(row.parentNumber) }));
}
export type OpenContribution = Awaited<ReturnType<typeof openContributions>>[number];

export function contributionJson(publicUrl: string, topic: TopicForViewer, row: OpenContribution): ContributionJson {
  return {
    number: row.number,
    url: `${publicUrl}${pathOf(topic.space.slug, topic.consultation.slug)}/contributions/${row.number}`,
    topic_number: topic.topic.number,
    question_number: row.questionNumber ?? null,
    parent_number: row.parentNumber,
    depth: row.depth,
    language: row.language,
    body: row.body,
    body_html: contributionBodyHtml(row).value,
    author: row.authorName ? { name: row.authorName } : null,
    organisation:
      row.organisationSlug && row.organisationName && row.organisationActorType
        ? { slug: row.organisationSlug, name: text(row.organisationName), actor_type: row.organisationActorType, country: row.organisationCountry }
        : null,
    created_at: row.createdAt.toISOString(),
    edited_at: iso(row.editedAt),
  };
}

/** The contribution with this number on the topic (any status), for turning parent_number into an id. */
async function contributionIdOnTopic(db: Database, topicId: string, number: number): Promise<string | null> {
  const [row] = await db.select({ id: c.id }).from(c).where(and(eq(c.topicId, topicId), eq(c.number, number))).limit(1);
  return row?.id ?? null;
}

/**
 * The consultations API: reading consultations, their structure, contributions and statistics (no token), and
 * posting a contribution with a token that has the contributions:write scope.
 */
export async function consultationsApiRoutes(app: FastifyInstance): Promise<void> {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const services = app.services;
  const { db, config, clock } = services;
  const tags = ["consultations"];

  typed.get(
    "/api/v1/spaces/:slug/consultations",
    { schema: { tags, summary: "Published public consultations of a space, newest first", params: SlugParams, querystring: PageQuery, response: { 200: pageEnvelope(ConsultationSummaryOut), 400: ErrorResponse, 404: ErrorResponse } } },
    async (request) => listOpenConsultations(db, request.params.slug, request.query, config.publicUrl, clock.now()),
  );

  typed.get(
    "/api/v1/spaces/:slug/consultations/:consultation",
    { schema: { tags, summary: "One consultation: its groups, topics, guiding questions, windows and states", params: ConsultationParams, response: { 200: ConsultationOut, 404: ErrorResponse } } },
    async (request) => {
      const now = clock.now();
      return openConsultationJson(db, await openConsultation(db, request.params.slug, request.params.consultation, now), config.publicUrl, now);
    },
  );

  typed.get(
    "/api/v1/spaces/:slug/consultations/:consultation/stats",
    {
      schema: {
        tags,
        summary: "Participation statistics: contributions and distinct participants per group, topic, actor type, country, constituency (counts under 3 suppressed) and language",
        params: ConsultationParams,
        response: { 200: StatsOut, 404: ErrorResponse },
      },
    },
    async (request) => {
      const found = await openConsultation(db, request.params.slug, request.params.consultation, clock.now());
      return (await consultationStats(db, found.consultation.id)).json;
    },
  );

  typed.get(
    "/api/v1/spaces/:slug/consultations/:consultation/topics/:number/contributions",
    {
      schema: {
        tags,
        summary: "Published contributions of a topic, oldest first (threads: parent_number, depth), Markdown and rendered HTML",
        params: TopicParams,
        querystring: PageQuery,
        response: { 200: pageEnvelope(ContributionOut), 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => {
      const topic = await openTopic(db, request.params.slug, request.params.consultation, request.params.number, clock.now());
      const after = decodeCursor(request.query.cursor, 1);
      const afterNumber = after ? Number(after[0]) : undefined;
      if (afterNumber !== undefined && !Number.isSafeInteger(afterNumber)) throw badCursor();
      const rows = await openContributions(db, topic, { afterNumber, limit: request.query.limit + 1, order: "oldest" });
      const items = rows.slice(0, request.query.limit);
      const last = items[items.length - 1];
      return { data: items.map((row) => contributionJson(config.publicUrl, topic, row)), next_cursor: rows.length > request.query.limit && last ? encodeCursor([last.number]) : null };
    },
  );

  typed.post(
    "/api/v1/spaces/:slug/consultations/:consultation/topics/:number/contributions",
    {
      config: { token: { scope: "contributions:write", isForOrganisations: true } },
      schema: {
        tags,
        security: [{ bearer: [] }],
        summary: "Post a contribution (scope contributions:write); it may be held for a moderator (status held)",
        params: TopicParams,
        body: ContributionIn,
        response: { 201: ContributionWritten, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (request: FastifyRequest<{ Params: z.infer<typeof TopicParams>; Body: z.infer<typeof ContributionIn> }>, reply) => {
      const user = requireScope(request, "contributions:write");
      const { slug, consultation, number } = request.params;
      const topic = await loadTopicForViewer(db, slug, consultation, String(number), user, clock.now());
      const body = request.body;
      // An organisation token speaks for its organisation only.
      const organisationId = body.organisation_id ?? tokenOrganisation(request);
      assertTokenActsFor(request, organisationId);
      let questionId: string | null = null;
      if (body.question_number !== undefined) {
        questionId = topic.questions.find((question) => question.number === body.question_number)?.id ?? null;
        if (!questionId) throw validationFailed({ question_number: { key: "validation.invalid_choice" } });
      }
      let parentId: string | null = null;
      if (body.parent_number !== undefined) {
        parentId = await contributionIdOnTopic(db, topic.topic.id, body.parent_number);
        if (!parentId) throw validationFailed({ parent_number: { key: "consultation.open_data.error.parent_unknown" } });
      }
      const posted = await postContribution(services, user, topic, {
        body: body.body,
        questionId,
        parentId,
        organisationId: organisationId ?? null,
        constituency: body.constituency ?? null,
        language: body.language ?? null,
      });
      return reply.status(201).send({ number: posted.number, status: posted.status, url: `${config.publicUrl}${pathOf(topic.space.slug, topic.consultation.slug)}/contributions/${posted.number}` });
    },
  );
}
