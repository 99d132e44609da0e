import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireUser } from "../../../platform/auth/guards";
import { AppError } from "../../../platform/errors";
import { viewContext } from "../../../platform/http/context";
import { formBody, sendPage, validateForm } from "../../../platform/http/forms";
import { setFlash } from "../../../platform/http/plugin";
import { emptyForm, localizedToForm, type FormState } from "../../../platform/views/forms";
import { organisationsOfUser } from "../../organisations/queries";
import { deleteExpertProfile } from "./commands/delete-expert-profile";
import { saveExpertProfile } from "./commands/save-expert-profile";
import { setExpertListing } from "./commands/set-expert-listing";
import { readExpertFilters } from "./filters";
import { collapseFieldErrors, ExpertInput, expertFromForm } from "./inputs";
import { analyseExpertQuery, expertFacets, expertiseChoices, expertiseItemIndex, findExpertById, findExpertOfUser, findListedExpert, listExperts, type ExpertDetail } from "./queries";
import { expertFormPage } from "./views/form-page";
import { expertListPage, expertsUrl } from "./views/list-page";
import { html } from "../../../platform/html";
import { localize } from "../../../platform/i18n/localized";
import { localizedLabel } from "../../../platform/views/localized";
import { registerOrganisationPageSection } from "../../organisations/page-sections";
import { expertPage } from "./views/profile-page";

const PAGE_SIZE = 20;
const ORGANISATION_SECTION_SIZE = 10;
const hidden = { schema: { hide: true } };

function profileToForm(expert: ExpertDetail): Record<string, unknown> {
  return {
    displayName: expert.displayName,
    ...localizedToForm("headline", expert.headline),
    ...localizedToForm("bio", expert.bio),
    tags: expert.tags.join(", "),
    languages: expert.languages,
    country: expert.country ?? "",
    organisationId: expert.organisation?.id ?? "",
    itemIds: expert.items.map((item) => item.id),
  };
}

/** Experts directory pages: /experts, /experts/:id, and the person's own /experts/profile (opt in, edit, pause, delete). */
export async function expertRoutes(app: FastifyInstance): Promise<void> {
  const services = app.services;
  const { db } = services;

  app.get("/experts", hidden, async (request, reply) => {
    const raw = request.query as Record<string, unknown>;
    const filters = readExpertFilters(raw);
    const cursor = typeof raw.cursor === "string" && raw.cursor ? raw.cursor : undefined;
    const query = await analyseExpertQuery(db, filters.q, request.locale);
    const [page, facets, itemIndex, own] = await Promise.all([
      listExperts(db, { ...filters, query, cursor, limit: PAGE_SIZE }),
      expertFacets(db, filters, query),
      expertiseItemIndex(db),
      request.user ? findExpertOfUser(db, request.user.id) : Promise.resolve(null),
    ]);
    return sendPage(
      reply,
      expertListPage(viewContext(request), { filters, items: page.items, nextCursor: page.nextCursor, isFirstPage: !cursor, facets, itemIndex, own: request.user ? { hasProfile: Boolean(own) } : null }),
    );
  });

  // ---- one's own profile ------------------------------------------------------------------------------
  const renderForm = async (request: FastifyRequest, reply: FastifyReply, form: FormState | null, status = 200) => {
    const user = requireUser(request);
    const [existing, organisations, choices] = await Promise.all([findExpertOfUser(db, user.id), organisationsOfUser(db, user.id), expertiseChoices(db)]);
    const shown = form ?? emptyForm(existing ? profileToForm(existing) : { displayName: user.displayName, languages: [request.locale] });
    return sendPage(reply, expertFormPage(viewContext(request), { form: shown, existing, organisations, choices }), status);
  };

  app.get("/experts/profile", hidden, async (request, reply) => renderForm(request, reply, null));

  app.post("/experts/profile", hidden, async (request, reply) => {
    const user = requireUser(request);
    const body = formBody(request);
    const result = validateForm(ExpertInput, expertFromForm(body));
    if (!result.isValid) return renderForm(request, reply, { values: body, errors: collapseFieldErrors(result.errors) }, 422);
    let saved: { id: string; isNew: boolean } | undefined;
    try {
      saved = await saveExpertProfile(services, user.id, result.data, { ip: request.ip });
    } catch (error) {
      if (error instanceof AppError && Object.keys(error.fields).length) return renderForm(request, reply, { values: body, errors: error.fields }, error.status);
      throw error;
    }
    setFlash(reply, saved.isNew ? "experts.flash.created" : "form.saved");
    return reply.redirect(`/experts/${saved.id}`, 303);
  });

  for (const [path, isListed, flash] of [["pause", false, "experts.flash.paused"], ["resume", true, "experts.flash.resumed"]] as const) {
    app.post(`/experts/profile/${path}`, hidden, async (request, reply) => {
      const user = requireUser(request);
      await setExpertListing(services, user.id, isListed, { ip: request.ip });
      setFlash(reply, flash);
      return reply.redirect("/experts/profile", 303);
    });
  }

  app.post("/experts/profile/delete", hidden, async (request, reply) => {
    const user = requireUser(request);
    if (!(await deleteExpertProfile(services, user.id, { ip: request.ip }))) throw new AppError("not_found");
    setFlash(reply, "experts.flash.deleted");
    return reply.redirect("/experts", 303);
  });

  // The organisation's page lists its listed experts (paused ones are absent here too).
  registerOrganisationPageSection(app, async (view, organisation) => {
    const page = await listExperts(db, { organisation: organisation.id, query: null, limit: ORGANISATION_SECTION_SIZE });
    if (!page.items.length) return html``;
    return html`<section aria-labelledby="org-experts-heading"><h2 id="org-experts-heading">${view.t("experts.org_section.title")}</h2>
<ul>${page.items.map((expert) => html`<li><a href="/experts/${expert.id}">${expert.displayName}</a>${expert.headline && localize(expert.headline, view.locale).text ? html` <span class="muted">— ${localizedLabel(view, expert.headline)}</span>` : ""}</li>`)}</ul>
${page.nextCursor ? html`<p><a href="${expertsUrl({ organisation: organisation.id })}">${view.t("experts.org_section.all")}</a></p>` : ""}
</section>`;
  });

  // ---- a profile --------------------------------------------------------------------------------------
  app.get<{ Params: { id: string } }>("/experts/:id", hidden, async (request, reply) => {
    // The owner still sees a paused profile (with a notice); everyone else gets the same 404 as for no profile.
    const own = request.user ? await findExpertById(db, request.params.id) : undefined;
    const expert = own && own.userId === request.user?.id ? own : await findListedExpert(db, request.params.id);
    if (!expert) throw new AppError("not_found");
    return sendPage(reply, expertPage(viewContext(request), expert, services.config.publicUrl));
  });
}
