import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { viewContext } from "../../platform/http/context";
import { sendPage } from "../../platform/http/forms";
import { localizedString } from "../../platform/i18n/localized";
import { serveWidgetScript, widgetScript as bundleWidgetScript } from "../../platform/widgets/bundle";
import { commitmentsApiRoutes, CommitmentListQuery } from "./api";
import { commitmentsWriteApiRoutes } from "./api-write";
import { clearingHouseChunks } from "./clearing-house";
import { csvChunks, jsonArrayChunks, ndjsonChunks, textStream } from "./export";
import { FEED_SIZE, renderAtomFeed } from "./feed";
import { eachOpenCommitment, openDataSpace, recentlyPublished, type OpenDataFilters } from "./queries-open-data";
import { embedPage } from "./views/open-data-embed";
import { commitmentModeOf } from "./wording";

/** Where partner sites load the widgets from. */
export const WIDGET_SCRIPT_PATH = "/widgets/convene.js";
/** The widget script as served (the shared runtime and both elements, raw and gzipped), for the size check. */
export const widgetScript = bundleWidgetScript(new URL("./widgets/convene.js", import.meta.url), "convene-commitments");

type SlugParams = { Params: { slug: string } };
const hidden = { schema: { hide: true } };

/** Export filters come from the same query parameters as the API list (bad ones are simply ignored here). */
function exportFilters(request: FastifyRequest): OpenDataFilters {
  const parsed = CommitmentListQuery.safeParse(request.query ?? {});
  if (!parsed.success) return {};
  const { target, framework, country, stage, q } = parsed.data;
  return { target, framework, country, stage, q };
}

function download(reply: FastifyReply, type: string, filename: string): FastifyReply {
  // Exports are public data: any site may fetch them, and a day-old copy in a cache is harmless.
  return reply.type(type).header("content-disposition", `attachment; filename="${filename}"`).header("access-control-allow-origin", "*");
}

/** Open data and widgets: the read API, bulk exports, the clearing-house export, the Atom feed, the widget script and its snippet page. */
export async function openDataRoutes(app: FastifyInstance): Promise<void> {
  const { db, config, clock } = app.services;
  await app.register(commitmentsApiRoutes);
  await app.register(commitmentsWriteApiRoutes);

  app.get<SlugParams>("/spaces/:slug/commitments/export.csv", hidden, async (request, reply) => {
    const space = { ...(await openDataSpace(db, request.params.slug, request.user)), now: clock.now() };
    download(reply, "text/csv; charset=utf-8", `${space.slug}-commitments.csv`);
    return reply.send(textStream(csvChunks(eachOpenCommitment(db, space, exportFilters(request)), config.publicUrl)));
  });

  app.get<SlugParams>("/spaces/:slug/commitments/export.json", hidden, async (request, reply) => {
    const space = { ...(await openDataSpace(db, request.params.slug, request.user)), now: clock.now() };
    download(reply, "application/json; charset=utf-8", `${space.slug}-commitments.json`);
    return reply.send(textStream(jsonArrayChunks(eachOpenCommitment(db, space, exportFilters(request)), config.publicUrl)));
  });

  app.get<SlugParams>("/spaces/:slug/commitments/export.ndjson", hidden, async (request, reply) => {
    const space = { ...(await openDataSpace(db, request.params.slug, request.user)), now: clock.now() };
    download(reply, "application/x-ndjson; charset=utf-8", `${space.slug}-commitments.ndjson`);
    return reply.send(textStream(ndjsonChunks(eachOpenCommitment(db, space, exportFilters(request)), config.publicUrl)));
  });

  app.get<SlugParams>("/spaces/:slug/commitments/export.clearing-house.json", hidden, async (request, reply) => {
    const space = { ...(await openDataSpace(db, request.params.slug, request.user)), now: clock.now() };
    download(reply, "application/json; charset=utf-8", `${space.slug}-clearing-house.json`);
    // Republishing on another platform needs the owner's consent, so only consenting commitments go out.
    const records = eachOpenCommitment(db, space, { ...exportFilters(request), isPartnerDisplayOnly: true });
    return reply.send(textStream(clearingHouseChunks(records, { publicUrl: config.publicUrl, spaceSlug: space.slug, generatedAt: clock.now() })));
  });

  app.get<SlugParams>("/spaces/:slug/commitments/feed.atom", hidden, async (request, reply) => {
    const space = { ...(await openDataSpace(db, request.params.slug, request.user)), now: clock.now() };
    const commitments = await recentlyPublished(db, space, FEED_SIZE);
    const body = renderAtomFeed({
      publicUrl: config.publicUrl,
      spaceSlug: space.slug,
      spaceTitle: space.title,
      feedTitle: request.t("commitment.open_data.feed_title"),
      locale: request.locale,
      commitments,
      fallbackUpdated: space.updatedAt,
    });
    return reply.type("application/atom+xml; charset=utf-8").header("access-control-allow-origin", "*").send(body);
  });

  app.get<SlugParams>("/spaces/:slug/commitments/embed", hidden, async (request, reply) => {
    const space = await openDataSpace(db, request.params.slug, request.user);
    const view = viewContext(request);
    const mode = await commitmentModeOf(db, space.id);
    return sendPage(reply, embedPage(view, { slug: space.slug, title: localizedString(space.title, view.locale), titleValue: space.title, publicUrl: config.publicUrl, isPublic: space.visibility === "public", mode }));
  });

  // The URL carries no version, so caches keep it a day and revalidate with the ETag after that.
  serveWidgetScript(app, WIDGET_SCRIPT_PATH, widgetScript);
}
