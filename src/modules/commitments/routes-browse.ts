import type { FastifyInstance } from "fastify";
import { isCountryCode, listRegions } from "../../platform/countries";
import { viewContext } from "../../platform/http/context";
import { sendPage } from "../../platform/http/forms";
import { notFound } from "../../platform/errors";
import { isActorTypeKey } from "../organisations/actor-types";
import { registerOrganisationPageSection } from "../organisations/page-sections";
import { findOrganisationById, findOrganisationBySlug } from "../organisations/queries";
import { canViewSpace } from "../spaces/permissions";
import { findSpaceById, frameworksOfSpace, getSpaceForViewer, spaceRolesOf } from "../spaces/queries";
import { isCoordinator } from "../spaces/permissions";
import {
  BROWSE_SORTS,
  INDIVIDUAL_ACTOR,
  STATUS_LIGHTS,
  browseFacets,
  browseTotal,
  isRankable,
  planSearch,
  isoDay,
  listPublishedCommitments,
  normaliseSearch,
  organisationCommitments,
  targetChoices,
  type BrowseFilters,
  type BrowseSort,
} from "./queries-browse";
import { certificateCode, organisationsOnTrack, ownedPublishedCount, readCertificateCode, spacesOnTrack } from "./recognition";
import { renderCommitmentListSections } from "./list-sections";
import { COMMITMENT_STAGES } from "./schema";
import { browseListPage, type BrowseParams } from "./views/browse-list";
import { certificatePage, verificationPage } from "./views/browse-certificate";
import { organisationCommitmentsSection } from "./views/browse-organisation-section";
import { registerCommitmentStylesheet } from "./views/browse-styles";
import { commitmentModeOf } from "./wording";

const PAGE_SIZE = 20;
const hidden = { schema: { hide: true } };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REGION_CODES = new Set(listRegions("en").map((region) => region.code));

type SlugParams = { Params: { slug: string } };

/** Reads the list's query string; a value that is not one of the allowed ones is ignored, never an error. */
function browseParams(query: Record<string, unknown>): BrowseParams & { cursor?: string } {
  const text = (value: unknown) => (typeof value === "string" ? value.trim() : "");
  const country = text(query.country).toUpperCase();
  const stage = text(query.stage);
  const light = text(query.light);
  const actorType = text(query.actor_type);
  const year = text(query.year);
  const sort = text(query.sort);
  const q = normaliseSearch(text(query.q));
  return {
    q,
    target: UUID.test(text(query.target)) ? text(query.target).toLowerCase() : "",
    framework: /^[A-Za-z0-9_.-]{1,80}$/.test(text(query.framework)) ? text(query.framework) : "",
    actorType: isActorTypeKey(actorType) || actorType === INDIVIDUAL_ACTOR ? actorType : "",
    country: isCountryCode(country) ? country : "",
    region: REGION_CODES.has(text(query.region)) ? text(query.region) : "",
    stage: (COMMITMENT_STAGES as readonly string[]).includes(stage) ? stage : "",
    light: (STATUS_LIGHTS as readonly string[]).includes(light) ? light : "",
    year: /^(19|20)\d\d$/.test(year) ? year : "",
    sort: (BROWSE_SORTS as readonly string[]).includes(sort) ? (sort as BrowseSort) : q ? "relevance" : "newest",
    cursor: text(query.cursor) || undefined,
  };
}

/** Finding commitments: the public list of a space, the organisation page section and recognition. */
export async function browseRoutes(app: FastifyInstance): Promise<void> {
  const services = app.services;
  const { db } = services;
  registerCommitmentStylesheet(app);

  app.get<SlugParams>("/spaces/:slug/commitments", hidden, async (request, reply) => {
    const space = await getSpaceForViewer(db, request.params.slug, request.user);
    const { cursor, ...params } = browseParams(request.query as Record<string, unknown>);
    const now = services.clock.now();
    const frameworks = await frameworksOfSpace(db, space.id);
    const framework = frameworks.find((candidate) => candidate.key === params.framework);
    const filters: BrowseFilters = {
      q: params.q,
      targetId: params.target,
      frameworkId: framework?.id ?? "",
      actorType: params.actorType,
      country: params.country,
      region: params.region,
      stage: params.stage,
      light: params.light,
      year: params.year ? Number(params.year) : null,
    };
    if (!framework) params.framework = "";
    const requestedSort: BrowseSort = params.sort === "relevance" && !params.q ? "newest" : params.sort;
    // The search is planned once (count, typo correction) for the page and the facets alike.
    const search = await planSearch(db, space.id, filters.q);
    const [page, facets, targets] = await Promise.all([
      listPublishedCommitments(db, space.id, { filters, sort: requestedSort, locale: request.locale, cursor, limit: PAGE_SIZE, now, search }),
      browseFacets(db, space.id, filters, now, search),
      targetChoices(db, space.id),
    ]);
    const organisationIds = page.items.flatMap((item) => (item.owner.kind === "organisation" ? [item.owner.id] : []));
    const view = viewContext(request);
    const [onTrack, total, sections] = await Promise.all([
      organisationsOnTrack(db, space.id, organisationIds, now),
      browseTotal(db, space.id, { ...filters, q: search?.q ?? "" }, facets, search, now),
      // Other modules' sections (partner commitments) show on the first page only, after the space's own.
      cursor ? [] : renderCommitmentListSections(services, view, space),
    ]);
    return sendPage(
      reply,
      browseListPage(view, {
        sections,
        space: { slug: space.slug, title: space.title },
        canCoordinate: Boolean(request.user?.isPlatformAdmin) || isCoordinator(space.viewerRoles),
        params,
        sort: page.sort,
        items: page.items,
        total,
        correction: search?.correctedFrom ? { typed: search.correctedFrom, searched: search.q } : null,
        isBroadSearch: Boolean(search && !isRankable(search)),
        nextCursor: page.nextCursor,
        isFirstPage: !cursor,
        facets,
        frameworks,
        targets,
        onTrack,
      }),
    );
  });

  registerOrganisationPageSection(app, async (view, organisation) => {
    const now = services.clock.now();
    const [commitments, onTrackSpaceIds] = await Promise.all([organisationCommitments(db, organisation.id, view.user, now), spacesOnTrack(db, organisation.id, now)]);
    // The organisation's page lies outside any space: each space listed is named in its own wording.
    const spaceIds = [...new Set(commitments.map((item) => item.space.id))];
    const modes = new Map(await Promise.all(spaceIds.map(async (spaceId) => [spaceId, await commitmentModeOf(db, spaceId)] as const)));
    return organisationCommitmentsSection(view, { organisationSlug: organisation.slug, commitments, onTrackSpaceIds, modes });
  });

  // ---- recognition ----------------------------------------------------------------------------------------
  app.get<{ Params: { slug: string; organisationSlug: string } }>("/spaces/:slug/commitments/certificates/:organisationSlug", hidden, async (request, reply) => {
    const space = await getSpaceForViewer(db, request.params.slug, request.user);
    const organisation = await findOrganisationBySlug(db, request.params.organisationSlug);
    if (!organisation) throw notFound();
    const now = services.clock.now();
    const view = viewContext(request);
    const isOnTrack = (await organisationsOnTrack(db, space.id, [organisation.id], now)).has(organisation.id);
    if (!isOnTrack) throw notFound("commitment.certificate.not_eligible");
    const issuedOn = isoDay(now);
    const code = await certificateCode(db, { organisationId: organisation.id, spaceId: space.id, issuedOn });
    return sendPage(
      reply,
      certificatePage(view, {
        space: { slug: space.slug, title: space.title },
        organisation: { slug: organisation.slug, name: organisation.name },
        commitmentCount: await ownedPublishedCount(db, space.id, organisation.id),
        issuedOn,
        code,
        verificationUrl: `${services.config.publicUrl}/verify/certificate/${code}`,
      }),
    );
  });

  app.get<{ Params: { code: string } }>("/verify/certificate/:code", hidden, async (request, reply) => {
    const view = viewContext(request);
    const claim = await readCertificateCode(db, request.params.code);
    const space = claim ? await findSpaceById(db, claim.spaceId) : undefined;
    const organisation = claim ? await findOrganisationById(db, claim.organisationId) : undefined;
    // A certificate from a private space verifies only for the people who may see that space.
    const isVisible = space ? canViewSpace(request.user, space, await spaceRolesOf(db, space.id, request.user?.id)) : false;
    if (!claim || !space || !organisation || !isVisible) return sendPage(reply, verificationPage(view, { state: "invalid" }), 404);
    const isOnTrack = (await organisationsOnTrack(db, space.id, [organisation.id], services.clock.now())).has(organisation.id);
    return sendPage(
      reply,
      verificationPage(view, {
        state: isOnTrack ? "valid" : "lapsed",
        space: { slug: space.slug, title: space.title },
        organisation: { slug: organisation.slug, name: organisation.name },
        issuedOn: claim.issuedOn,
      }),
    );
  });
}
