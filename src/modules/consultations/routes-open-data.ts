import type { FastifyInstance } from "fastify";
import { viewContext } from "../../platform/http/context";
import { sendPage } from "../../platform/http/forms";
import { consultationsApiRoutes, openConsultation, openContributions, openTopic } from "./api";
import { renderTopicFeed, TOPIC_FEED_SIZE } from "./feed";
import { parseNumber } from "./queries";
import { consultationStats } from "./queries-stats";
import { statsPage } from "./views/stats-page";

const hidden = { schema: { hide: true } };
type ConsultationParams = { Params: { slug: string; consultation: string } };
type TopicParams = { Params: { slug: string; consultation: string; number: string } };

/**
 * Open data of consultations: the API (api.ts), a topic's Atom feed and the participation statistics page.
 * Only published public consultations of public spaces; anything else is a 404 (see api.ts).
 */
export async function openDataRoutes(app: FastifyInstance): Promise<void> {
  const { db, config, clock } = app.services;
  await app.register(consultationsApiRoutes);

  app.get<TopicParams>("/spaces/:slug/consultations/:consultation/topics/:number/feed.atom", hidden, async (request, reply) => {
    const now = clock.now();
    const topic = await openTopic(db, request.params.slug, request.params.consultation, parseNumber(request.params.number), now);
    const contributions = await openContributions(db, topic, { limit: TOPIC_FEED_SIZE, order: "newest" });
    const body = renderTopicFeed({
      publicUrl: config.publicUrl,
      spaceSlug: topic.space.slug,
      consultationSlug: topic.consultation.slug,
      consultationTitle: topic.consultation.title,
      topicNumber: topic.topic.number,
      topicTitle: topic.topic.title,
      locale: request.locale,
      entryTitle: (number, author) => request.t("consultation.open_data.feed.entry_title", { number, author }),
      anonymousAuthor: request.t("consultation.participation.someone"),
      contributions,
      fallbackUpdated: topic.topic.createdAt,
    });
    return reply.type("application/atom+xml; charset=utf-8").header("access-control-allow-origin", "*").send(body);
  });

  app.get<ConsultationParams>("/spaces/:slug/consultations/:consultation/stats", hidden, async (request, reply) => {
    const found = await openConsultation(db, request.params.slug, request.params.consultation, clock.now());
    const { stats } = await consultationStats(db, found.consultation.id);
    return sendPage(reply, statsPage(viewContext(request), { found, stats }));
  });
}
