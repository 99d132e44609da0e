import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireUser } from "../../platform/auth/guards";
import { toCsv } from "../../platform/csv";
import { AppError, forbidden, notFound } from "../../platform/errors";
import { ATOM_CONTENT_TYPE, DEFAULT_FEED_SIZE, renderListAtom } from "../../platform/feeds/atom";
import { viewContext } from "../../platform/http/context";
import { formBody, sendPage } from "../../platform/http/forms";
import { setFlash } from "../../platform/http/plugin";
import { localize, localizedString } from "../../platform/i18n/localized";
import { emptyForm, localizedFromForm, localizedToForm, type FormState } from "../../platform/views/forms";
import { diffLines } from "../../platform/text-diff/line-diff";
import { organisationNames, organisationsOfUser } from "../organisations/queries";
import { memorandumApiRoutes } from "./api";
import { publishVersion } from "./commands/publish-version";
import { signMemorandum, withdrawSignature } from "./commands/sign-memorandum";
import { countSignatories, currentVersion, findVersion, listVersions, loadMemorandumSpace, memorandumPath, recentSignings, roster, rosterChoices, signaturesOf, type RosterFilters } from "./queries";
import { rosterFilters } from "./filters";
import { changesPage, MEMORANDUM_STYLES, memorandumPage, rosterPage, versionPage, versionsPage } from "./views/pages";

const hidden = { schema: { hide: true } };
type SpaceParams = { Params: { slug: string } };
type VersionParams = { Params: { slug: string; version: string } };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The query string the filters came from, for the CSV link (only the filters, re-encoded). */
function filtersQuery(filters: RosterFilters): string {
  const params = new URLSearchParams();
  if (filters.actorType) params.set("actor_type", filters.actorType);
  if (filters.country) params.set("country", filters.country);
  if (filters.standing) params.set("standing", filters.standing);
  const text = params.toString();
  return text ? `?${text}` : "";
}

const versionNumber = (text: string): number => (/^[1-9]\d{0,8}$/.test(text) ? Number(text) : 0);

/** The memorandum's pages: text and signing, versions with their changes, the roster with CSV and Atom; and the API. */
export async function memorandumRoutes(app: FastifyInstance): Promise<void> {
  const services = app.services;
  const { db, clock } = services;
  MEMORANDUM_STYLES.register(app);
  await app.register(memorandumApiRoutes);

  const renderMemorandum = async (request: FastifyRequest<SpaceParams>, reply: FastifyReply, forms: { publish?: FormState; withdraw?: FormState } = {}, status = 200) => {
    const { space, canPublish } = await loadMemorandumSpace(request, request.params.slug);
    const [version, signedCount] = await Promise.all([currentVersion(db, space.id), countSignatories(db, space.id)]);
    let signer = null;
    if (request.user) {
      const administered = (await organisationsOfUser(db, request.user.id)).filter((organisation) => organisation.role === "admin");
      const signatures = await signaturesOf(db, space.id, administered.map((organisation) => organisation.id));
      signer = administered.map((organisation) => ({ id: organisation.id, name: organisation.name, signature: signatures.get(organisation.id) }));
    }
    return sendPage(
      reply,
      memorandumPage(viewContext(request), {
        space, version, signatoryCount: signedCount, canPublish, signer, withdrawForm: forms.withdraw ?? null,
        publishForm: forms.publish ?? emptyForm(version ? localizedToForm("body", version.bodyMd) : {}),
      }),
      status,
    );
  };

  app.get<SpaceParams>("/spaces/:slug/memorandum", hidden, async (request, reply) => renderMemorandum(request, reply));

  app.post<SpaceParams>("/spaces/:slug/memorandum/versions", hidden, async (request, reply) => {
    const user = requireUser(request);
    const { space, canPublish } = await loadMemorandumSpace(request, request.params.slug);
    if (!canPublish) throw forbidden();
    const body = formBody(request);
    let version: number;
    try {
      version = await publishVersion(services, { id: user.id, ip: request.ip }, space.id, { bodyMd: localizedFromForm(body, "body"), changeSummary: localizedFromForm(body, "change_summary") });
    } catch (error) {
      if (error instanceof AppError && error.code === "validation_failed") return renderMemorandum(request, reply, { publish: { values: body, errors: error.fields } }, error.status);
      throw error;
    }
    setFlash(reply, version === 1 ? "memorandum.flash.published_first" : "memorandum.flash.published");
    return reply.redirect(memorandumPath(space.slug), 303);
  });

  const organisationOf = (body: Record<string, unknown>): string => {
    const id = body.organisation_id;
    if (typeof id !== "string" || !UUID.test(id)) throw new AppError("validation_failed", "memorandum.error.organisation", { organisation_id: { key: "memorandum.error.organisation" } });
    return id;
  };

  app.post<SpaceParams>("/spaces/:slug/memorandum/sign", hidden, async (request, reply) => {
    const user = requireUser(request);
    const { space } = await loadMemorandumSpace(request, request.params.slug);
    const organisationId = organisationOf(formBody(request));
    try {
      const action = await signMemorandum(services, { id: user.id, ip: request.ip }, space.id, organisationId);
      setFlash(reply, action === "resigned" ? "memorandum.flash.resigned" : "memorandum.flash.signed");
    } catch (error) {
      if (!(error instanceof AppError && error.code === "conflict")) throw error;
      setFlash(reply, error.messageKey);
    }
    return reply.redirect(memorandumPath(space.slug), 303);
  });

  app.post<SpaceParams>("/spaces/:slug/memorandum/withdraw", hidden, async (request, reply) => {
    const user = requireUser(request);
    const { space } = await loadMemorandumSpace(request, request.params.slug);
    const body = formBody(request);
    const organisationId = organisationOf(body);
    try {
      await withdrawSignature(services, { id: user.id, ip: request.ip }, space.id, organisationId, body.reason);
      setFlash(reply, "memorandum.flash.withdrawn");
    } catch (error) {
      if (error instanceof AppError && error.code === "validation_failed") return renderMemorandum(request, reply, { withdraw: { values: body, errors: error.fields } }, error.status);
      if (!(error instanceof AppError && error.code === "conflict")) throw error;
      setFlash(reply, error.messageKey);
    }
    return reply.redirect(memorandumPath(space.slug), 303);
  });

  // ---- versions ----
  app.get<SpaceParams>("/spaces/:slug/memorandum/versions", hidden, async (request, reply) => {
    const { space } = await loadMemorandumSpace(request, request.params.slug);
    return sendPage(reply, versionsPage(viewContext(request), space, await listVersions(db, space.id)));
  });
  const loadVersion = async (request: FastifyRequest<VersionParams>) => {
    const { space } = await loadMemorandumSpace(request, request.params.slug);
    const [version, current] = await Promise.all([findVersion(db, space.id, versionNumber(request.params.version)), currentVersion(db, space.id)]);
    if (!version || !current) throw notFound();
    return { space, version, current };
  };
  app.get<VersionParams>("/spaces/:slug/memorandum/versions/:version", hidden, async (request, reply) => {
    const { space, version, current } = await loadVersion(request);
    return sendPage(reply, versionPage(viewContext(request), space, version, current.version));
  });
  app.get<VersionParams>("/spaces/:slug/memorandum/versions/:version/changes", hidden, async (request, reply) => {
    const { space, version } = await loadVersion(request);
    const previous = await findVersion(db, space.id, version.version - 1);
    if (!previous) throw notFound();
    // The page's language when this version has it, otherwise the language its text is shown in.
    const language = localize(version.bodyMd, request.locale).locale;
    const lines = diffLines(previous.bodyMd[language] ?? "", version.bodyMd[language] ?? "");
    return sendPage(reply, changesPage(viewContext(request), space, { from: previous.version, to: version, language, lines }));
  });

  // ---- roster ----
  const loadRoster = async (request: FastifyRequest<SpaceParams>) => {
    const { space } = await loadMemorandumSpace(request, request.params.slug);
    const filters = rosterFilters(request.query as Record<string, unknown>);
    const version = await currentVersion(db, space.id);
    const [entries, choices] = await Promise.all([roster(db, space.id, version?.version ?? 0, filters, clock.now()), rosterChoices(db, space.id)]);
    return { space, version, filters, choices, ...entries };
  };
  app.get<SpaceParams>("/spaces/:slug/memorandum/signatories", hidden, async (request, reply) => {
    const data = await loadRoster(request);
    return sendPage(reply, rosterPage(viewContext(request), { ...data, query: filtersQuery(data.filters) }));
  });
  app.get<SpaceParams>("/spaces/:slug/memorandum/signatories.csv", hidden, async (request, reply) => {
    const { space, version, signed } = await loadRoster(request);
    const csv = toCsv(
      ["organisation", "organisation_slug", "country", "actor_type", "version_signed", "current_version", "signed_at", "first_signed_at", "signed_earlier_version", "activities", "activity_numbers"],
      signed.map((entry) => [
        localizedString(entry.organisation.name, request.locale), entry.organisation.slug, entry.organisation.country ?? "", entry.organisation.actorType, entry.version, version?.version ?? null,
        entry.signedAt.toISOString(), entry.firstSignedAt.toISOString(), entry.isEarlierVersion ? "yes" : "no", entry.activities.length, entry.activities.map((activity) => activity.number).join(" "),
      ]),
    );
    return reply.type("text/csv; charset=utf-8").header("content-disposition", `attachment; filename="${space.slug}-memorandum-signatories.csv"`).send(csv);
  });
  app.get<SpaceParams>("/spaces/:slug/memorandum/signatories/feed.atom", hidden, async (request, reply) => {
    const { space } = await loadMemorandumSpace(request, request.params.slug);
    const events = await recentSignings(db, space.id, DEFAULT_FEED_SIZE);
    const names = await organisationNames(db, events.map((event) => event.organisationId));
    const publicUrl = services.config.publicUrl.replace(/\/$/, "");
    const listPath = `${memorandumPath(space.slug)}/signatories`;
    const t = request.t;
    const body = renderListAtom({
      publicUrl, listPath, locale: request.locale, fallbackUpdated: space.createdAt,
      title: `${t("memorandum.roster.title")} · ${localizedString(space.title, request.locale)}`,
      entries: events.flatMap((event) => {
        const organisation = names.get(event.organisationId);
        if (!organisation) return [];
        const values = { organisation: localizedString(organisation.name, request.locale), version: event.version };
        return [{ id: `${publicUrl}${listPath}#event-${event.id}`, url: `${publicUrl}${listPath}#signatory-${organisation.slug}`, title: t(`memorandum.feed.${event.action}`, values), published: event.createdAt, updated: event.createdAt, authors: [{ name: values.organisation || "—" }] }];
      }),
    });
    return reply.type(ATOM_CONTENT_TYPE).send(body);
  });
}
