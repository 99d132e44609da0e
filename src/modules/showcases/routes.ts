import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireUser } from "../../platform/auth/guards";
import { contentSource, contentSources, type ContentCard } from "../../platform/content/sources";
import { AppError, forbidden, notFound } from "../../platform/errors";
import { ATOM_CONTENT_TYPE, DEFAULT_FEED_SIZE, renderAtom } from "../../platform/feeds/atom";
import { viewContext } from "../../platform/http/context";
import { formBody, sendPage } from "../../platform/http/forms";
import { setFlash } from "../../platform/http/plugin";
import { localizedString } from "../../platform/i18n/localized";
import { emptyForm, localizedToForm, type FormState } from "../../platform/views/forms";
import { getSpaceForViewer, type ViewedSpace } from "../spaces/queries";
import { addShowcaseItem, addShowcaseSection } from "./commands/add-showcase-entry";
import { moveShowcaseEntry, removeShowcaseEntry, setShowcaseEntryText } from "./commands/change-showcase-entry";
import { createShowcase, updateShowcase } from "./commands/save-showcase";
import { setShowcaseStatus } from "./commands/set-showcase-status";
import { readLocalizedShort, readShowcaseInput, type Checked } from "./inputs";
import { canCurateShowcases, canViewShowcase } from "./permissions";
import { itemsWithSections, showcaseHead } from "./presenters";
import { findShowcase, listShowcases, resolveShowcase, showcaseEntries, showcasePath } from "./queries";
import { SECTION_KIND, type ShowcaseRow } from "./schema";
import { curatePage, listPage, newPage, showcasePage, type PickerState } from "./views/pages";

type SpaceParams = { Params: { slug: string } };
type ShowcaseParams = { Params: { slug: string; showcase: string } };
type EntryParams = { Params: { slug: string; showcase: string; entry: string } };
const hidden = { schema: { hide: true } };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PICKER_SIZE = 20;

const actorOf = (request: FastifyRequest) => ({ id: requireUser(request).id, ip: request.ip });

/** The details form's values from a stored showcase. */
function detailsValues(showcase: ShowcaseRow): Record<string, unknown> {
  return {
    ...localizedToForm("title", showcase.title),
    ...localizedToForm("intro", showcase.intro),
    ...localizedToForm("occasion", showcase.occasion),
    starts_on: showcase.startsOn ?? "",
    ends_on: showcase.endsOn ?? "",
    colour: showcase.colour,
    slug: showcase.slug,
  };
}

/** Showcases: the list, the page, its Atom feed and the curators' pages. */
export async function showcaseRoutes(app: FastifyInstance): Promise<void> {
  const services = app.services;
  const { db, config } = services;
  const publicUrl = config.publicUrl.replace(/\/$/, "");

  /** The space for a curator: 404 when they may not see it, 403 when they may but do not curate it. */
  const curatedSpace = async (request: FastifyRequest, slug: string): Promise<ViewedSpace> => {
    requireUser(request);
    const space = await getSpaceForViewer(db, slug, request.user);
    if (!canCurateShowcases(request.user, space.viewerRoles)) throw forbidden();
    return space;
  };
  const curated = async (request: FastifyRequest, slug: string, showcaseSlug: string): Promise<{ space: ViewedSpace; showcase: ShowcaseRow }> => {
    const space = await curatedSpace(request, slug);
    const showcase = await findShowcase(db, space.id, showcaseSlug);
    if (!showcase) throw notFound();
    return { space, showcase };
  };
  /** A showcase as its reader may see it: 404 for a draft to anyone but its curators. */
  const viewed = async (request: FastifyRequest, slug: string, showcaseSlug: string) => {
    const space = await getSpaceForViewer(db, slug, request.user);
    const showcase = await findShowcase(db, space.id, showcaseSlug);
    if (!showcase || !canViewShowcase(request.user, space.viewerRoles, showcase)) throw notFound();
    return { space, showcase, canCurate: canCurateShowcases(request.user, space.viewerRoles) };
  };
  const entryId = (request: FastifyRequest<EntryParams>): string => {
    if (!UUID.test(request.params.entry)) throw notFound();
    return request.params.entry;
  };

  /** The curator's page, with the picker's search from the query and any failed form's input and errors. */
  const renderCurate = async (request: FastifyRequest, space: ViewedSpace, showcase: ShowcaseRow, forms: { details?: FormState; action?: FormState } = {}): Promise<string> => {
    const entries = await showcaseEntries(db, showcase.id);
    const { shown, dropped } = await resolveShowcase(db, entries);
    const cards = new Map<string, ContentCard>();
    for (const item of shown) if (item.type === "item") cards.set(item.entry.id, item.card);
    const query = (request.query ?? {}) as Record<string, unknown>;
    const view = viewContext(request);
    const kinds = contentSources().map((source) => ({ kind: source.kind, label: view.t(source.labelKey) }));
    const askedKind = typeof query.kind === "string" ? query.kind : "";
    const q = typeof query.q === "string" ? query.q.slice(0, 200) : "";
    const source = contentSource(askedKind);
    const picker: PickerState = {
      kinds,
      kind: source ? askedKind : (kinds[0]?.kind ?? ""),
      q,
      results: source ? await source.find(db, space.id, q, PICKER_SIZE) : null,
      taken: new Set(entries.filter((entry) => entry.kind !== SECTION_KIND).map((entry) => `${entry.kind}:${entry.itemId}`)),
    };
    return curatePage(view, {
      space, showcase, entries, cards, dropped, picker,
      details: forms.details ?? emptyForm(detailsValues(showcase)),
      action: forms.action ?? emptyForm(),
    });
  };

  /** Runs a curation and goes back to the curator's page; a checked input's errors re-render it (422/409). */
  const curate = async (request: FastifyRequest, reply: FastifyReply, space: ViewedSpace, showcase: ShowcaseRow, run: () => Promise<void>, flash: string, target?: string): Promise<FastifyReply> => {
    try {
      await run();
    } catch (error) {
      if (error instanceof AppError && Object.keys(error.fields).length) {
        return sendPage(reply, await renderCurate(request, space, showcase, { action: { values: formBody(request), errors: error.fields } }), error.status);
      }
      throw error;
    }
    setFlash(reply, flash);
    return reply.redirect(target ?? `${showcasePath(space.slug, showcase.slug)}/edit`, 303);
  };
  const checked = <T>(result: Checked<T>): T => {
    if (!result.isValid) throw new AppError("validation_failed", "error.validation_failed", result.errors);
    return result.data;
  };

  // ---- reading ----
  app.get<SpaceParams>("/spaces/:slug/showcases", hidden, async (request, reply) => {
    const space = await getSpaceForViewer(db, request.params.slug, request.user);
    const canCurate = canCurateShowcases(request.user, space.viewerRoles);
    const showcases = await listShowcases(db, space.id, { isDraftIncluded: canCurate });
    return sendPage(reply, listPage(viewContext(request), { space, showcases, canCurate }));
  });

  app.get<ShowcaseParams>("/spaces/:slug/showcases/:showcase", hidden, async (request, reply) => {
    const { space, showcase, canCurate } = await viewed(request, request.params.slug, request.params.showcase);
    const { shown } = await resolveShowcase(db, await showcaseEntries(db, showcase.id));
    const isPublic = showcase.status === "published" && space.visibility === "public";
    const head = showcaseHead({ publicUrl, spaceSlug: space.slug, showcase, shown, locale: request.locale, isPublic });
    return sendPage(reply, showcasePage(viewContext(request), { space, showcase, shown, canCurate, publicUrl, head }));
  });

  app.get<ShowcaseParams>("/spaces/:slug/showcases/:showcase/feed.atom", hidden, async (request, reply) => {
    const { space, showcase } = await viewed(request, request.params.slug, request.params.showcase);
    const { shown } = await resolveShowcase(db, await showcaseEntries(db, showcase.id));
    const locale = request.locale;
    const pageUrl = `${publicUrl}${showcasePath(space.slug, showcase.slug)}`;
    // Newest added first: a reader following the showcase sees what the curator has just added.
    const items = itemsWithSections(shown).sort((a, b) => b.addedAt.getTime() - a.addedAt.getTime()).slice(0, DEFAULT_FEED_SIZE);
    const body = renderAtom({
      selfUrl: `${pageUrl}/feed.atom`,
      htmlUrl: pageUrl,
      title: request.t("showcases.feed.title", { title: localizedString(showcase.title, locale) }),
      subtitle: localizedString(showcase.occasion, locale) || undefined,
      locale,
      fallbackUpdated: showcase.updatedAt,
      entries: items.map(({ card, note, addedAt }) => {
        const summary = localizedString(card.summary, locale);
        const curatorNote = localizedString(note, locale);
        return {
          url: `${publicUrl}${card.path}`,
          title: localizedString(card.title, locale),
          summary: [curatorNote, summary].filter(Boolean).join(" — ") || undefined,
          published: addedAt,
          updated: addedAt,
          categories: [{ term: card.kind }],
        };
      }),
    });
    return reply.type(ATOM_CONTENT_TYPE).send(body);
  });

  // ---- curating ----
  app.get<SpaceParams>("/spaces/:slug/showcases/new", hidden, async (request, reply) => {
    const space = await curatedSpace(request, request.params.slug);
    return sendPage(reply, newPage(viewContext(request), space, emptyForm()));
  });

  app.post<SpaceParams>("/spaces/:slug/showcases/new", hidden, async (request, reply) => {
    const space = await curatedSpace(request, request.params.slug);
    const body = formBody(request);
    const input = readShowcaseInput(body);
    if (!input.isValid) return sendPage(reply, newPage(viewContext(request), space, { values: body, errors: input.errors }), 422);
    try {
      const slug = await createShowcase(services, actorOf(request), space.id, input.data);
      setFlash(reply, "showcases.flash.created");
      return reply.redirect(`${showcasePath(space.slug, slug)}/edit`, 303);
    } catch (error) {
      if (error instanceof AppError && error.fields.slug) return sendPage(reply, newPage(viewContext(request), space, { values: body, errors: error.fields }), error.status);
      throw error;
    }
  });

  app.get<ShowcaseParams>("/spaces/:slug/showcases/:showcase/edit", hidden, async (request, reply) => {
    const { space, showcase } = await curated(request, request.params.slug, request.params.showcase);
    return sendPage(reply, await renderCurate(request, space, showcase));
  });

  app.post<ShowcaseParams>("/spaces/:slug/showcases/:showcase/edit", hidden, async (request, reply) => {
    const { space, showcase } = await curated(request, request.params.slug, request.params.showcase);
    const body = formBody(request);
    const input = readShowcaseInput(body);
    const failed = async (errors: FormState["errors"], status: number) => sendPage(reply, await renderCurate(request, space, showcase, { details: { values: body, errors } }), status);
    if (!input.isValid) return failed(input.errors, 422);
    try {
      const slug = await updateShowcase(services, actorOf(request), space.id, showcase.id, input.data);
      setFlash(reply, "showcases.flash.saved");
      return reply.redirect(`${showcasePath(space.slug, slug)}/edit`, 303);
    } catch (error) {
      if (error instanceof AppError && error.fields.slug) return failed(error.fields, error.status);
      throw error;
    }
  });

  app.post<ShowcaseParams>("/spaces/:slug/showcases/:showcase/edit/status", hidden, async (request, reply) => {
    const { space, showcase } = await curated(request, request.params.slug, request.params.showcase);
    const status = formBody(request).status;
    if (status !== "published" && status !== "draft") throw new AppError("bad_request", "error.bad_request");
    await setShowcaseStatus(services, actorOf(request), space.id, showcase.id, status);
    setFlash(reply, `showcases.flash.${status}`);
    return reply.redirect(`${showcasePath(space.slug, showcase.slug)}/edit`, 303);
  });

  app.post<ShowcaseParams>("/spaces/:slug/showcases/:showcase/edit/items", hidden, async (request, reply) => {
    const { space, showcase } = await curated(request, request.params.slug, request.params.showcase);
    const body = formBody(request);
    const kind = typeof body.kind === "string" ? body.kind : "";
    const item = typeof body.item === "string" ? body.item.slice(0, 100) : "";
    return curate(request, reply, space, showcase, async () => {
      const note = checked(readLocalizedShort(body, "note", false));
      await addShowcaseItem(services, actorOf(request), space.id, showcase.id, { kind, id: item, note });
    }, "showcases.flash.item_added");
  });

  app.post<ShowcaseParams>("/spaces/:slug/showcases/:showcase/edit/sections", hidden, async (request, reply) => {
    const { space, showcase } = await curated(request, request.params.slug, request.params.showcase);
    const body = formBody(request);
    return curate(request, reply, space, showcase, async () => {
      await addShowcaseSection(services, actorOf(request), space.id, showcase.id, checked(readLocalizedShort(body, "heading", true)));
    }, "showcases.flash.saved");
  });

  app.post<EntryParams>("/spaces/:slug/showcases/:showcase/edit/entries/:entry/move", hidden, async (request, reply) => {
    const { space, showcase } = await curated(request, request.params.slug, request.params.showcase);
    const direction = formBody(request).direction;
    if (direction !== "up" && direction !== "down") throw new AppError("bad_request", "error.bad_request");
    await moveShowcaseEntry(services, actorOf(request), space.id, showcase.id, entryId(request), direction);
    setFlash(reply, "showcases.flash.item_moved");
    return reply.redirect(`${showcasePath(space.slug, showcase.slug)}/edit`, 303);
  });

  app.post<EntryParams>("/spaces/:slug/showcases/:showcase/edit/entries/:entry/remove", hidden, async (request, reply) => {
    const { space, showcase } = await curated(request, request.params.slug, request.params.showcase);
    await removeShowcaseEntry(services, actorOf(request), space.id, showcase.id, entryId(request));
    setFlash(reply, "showcases.flash.item_removed");
    return reply.redirect(`${showcasePath(space.slug, showcase.slug)}/edit`, 303);
  });

  app.post<EntryParams>("/spaces/:slug/showcases/:showcase/edit/entries/:entry/text", hidden, async (request, reply) => {
    const { space, showcase } = await curated(request, request.params.slug, request.params.showcase);
    const id = entryId(request);
    const body = formBody(request);
    return curate(request, reply, space, showcase, async () => {
      const field = `text_${id}`;
      await setShowcaseEntryText(services, space.id, showcase.id, id, checked(readLocalizedShort(body, field, false)), field);
    }, "showcases.flash.saved");
  });
}
