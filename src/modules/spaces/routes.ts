import type { FastifyInstance, FastifyRequest } from "fastify";
import { requirePlatformAdmin, requireUser } from "../../platform/auth/guards";
import { AppError, forbidden } from "../../platform/errors";
import { viewContext } from "../../platform/http/context";
import { formBody, formList, runForm, sendPage } from "../../platform/http/forms";
import { registerMultipartForms } from "../../platform/http/multipart";
import { setFlash } from "../../platform/http/plugin";
import { emptyForm, localizedFromForm, localizedToForm, type FormState } from "../../platform/views/forms";
import { createSpace } from "./commands/create-space";
import { grantSpaceRole } from "./commands/grant-space-role";
import { checkFrameworkImport, FrameworkImportRejected, importFramework } from "./commands/import-framework";
import { joinSpace } from "./commands/join-space";
import { leaveSpace } from "./commands/leave-space";
import { revokeSpaceRole } from "./commands/revoke-space-role";
import { setSpaceArchived } from "./commands/set-space-archived";
import { updateSpace } from "./commands/update-space";
import { readImportText, type ImportFormat } from "./framework-import";
import { canCreateSpace, canEditSpace, canImportFramework, canJoinSpace, canLeaveSpace, canManageRoles, canModerateSpace } from "./permissions";
import {
  frameworkChoices,
  frameworksOfSpace,
  frameworkTree,
  getFrameworkForViewer,
  getSpaceForViewer,
  listFrameworkItems,
  listFrameworksForViewer,
  listSpaceRoles,
  listVisibleSpaces,
  spaceMemberCount,
  spacePeople,
  spacesUsingFramework,
  type ViewedSpace,
} from "./queries";
import { frameworkPage, frameworksPage } from "./views/frameworks";
import { homePage } from "./views/home";
import { importFormPage, importPreviewPage } from "./views/import";
import { membersPage } from "./views/members";
import { adminSpacesPage, spaceFormPage } from "./views/space-form";
import { spacePage, spacesListPage } from "./views/spaces";
import { spaceFeatureWordings } from "./feature-wording";

type SlugParams = { Params: { slug: string } };
const hidden = { schema: { hide: true } };

/** Uploaded framework files may be up to this size; larger ones get the translated 413 page. */
const UPLOAD_LIMIT = 2 * 1024 * 1024;

/** A page the viewer may see but not use: anonymous people are asked to log in, others are refused. */
function allowOrRefuse(request: FastifyRequest, isAllowed: boolean): void {
  if (isAllowed) return;
  if (!request.user) throw new AppError("unauthenticated");
  throw forbidden();
}

/** The space form's fields as the commands take them; framework order comes from the position boxes. */
function spaceInputFromForm(body: Record<string, unknown>): Record<string, unknown> {
  const selected = formList(body, "frameworks");
  const position = (key: string, index: number) => {
    const value = Number(body[`order.${key}`]);
    return Number.isFinite(value) && String(body[`order.${key}`]).trim() !== "" ? value : 1000 + index;
  };
  const frameworkKeys = selected
    .map((key, index) => ({ key, rank: position(key, index), index }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map((entry) => entry.key);
  return {
    slug: typeof body.slug === "string" ? body.slug : "",
    title: localizedFromForm(body, "title"),
    description: localizedFromForm(body, "description"),
    visibility: body.visibility,
    enabledModules: formList(body, "enabledModules"),
    frameworkKeys,
  };
}

function spaceToForm(space: ViewedSpace, frameworkKeys: string[]): Record<string, unknown> {
  return {
    slug: space.slug,
    ...localizedToForm("title", space.title),
    ...localizedToForm("description", space.description),
    visibility: space.visibility,
    enabledModules: space.enabledModules,
    frameworks: frameworkKeys,
    ...Object.fromEntries(frameworkKeys.map((key, index) => [`order.${key}`, index + 1])),
  };
}

/** Text of an uploaded file: UTF-8, UTF-16 with its byte-order mark, or Windows-1251 as Russian Excel saves CSV. */
function decodeUpload(value: unknown): string {
  if (!Buffer.isBuffer(value) || value.length === 0) return "";
  if (value[0] === 0xff && value[1] === 0xfe) return new TextDecoder("utf-16le").decode(value.subarray(2));
  if (value[0] === 0xfe && value[1] === 0xff) return new TextDecoder("utf-16be").decode(value.subarray(2));
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(value);
  } catch {
    return new TextDecoder("windows-1251").decode(value);
  }
}

/** Pages of the spaces module: home, spaces, their settings and people, frameworks and their import. */
export async function spaceRoutes(app: FastifyInstance): Promise<void> {
  const services = app.services;
  const { db } = services;
  // Only this module's routes accept multipart (the framework upload); fields arrive as strings, files as Buffers.
  await registerMultipartForms(app, { fileSize: UPLOAD_LIMIT, fieldSize: UPLOAD_LIMIT, files: 1, fields: 40, parts: 50 });

  const loadSpace = (request: FastifyRequest<SlugParams>) => getSpaceForViewer(db, request.params.slug, request.user);

  app.get("/", hidden, async (request, reply) => {
    // The home page shows what a person belongs to; an admin's view of every private space lives at /admin/spaces.
    const spaces = await listVisibleSpaces(db, request.user, { memberOnly: true });
    return sendPage(
      reply,
      homePage(viewContext(request), { public: spaces.filter((space) => space.visibility === "public"), private: spaces.filter((space) => space.visibility === "private") }),
    );
  });

  app.get("/spaces", hidden, async (request, reply) => {
    const spaces = await listVisibleSpaces(db, request.user, { includeArchived: true });
    return sendPage(reply, spacesListPage(viewContext(request), spaces, { canCreate: canCreateSpace(request.user) }));
  });

  // ---- create (platform admins) ----

  app.get("/admin/spaces", hidden, async (request, reply) => {
    const admin = requirePlatformAdmin(request);
    return sendPage(reply, adminSpacesPage(viewContext(request), await listVisibleSpaces(db, admin, { includeArchived: true })));
  });

  const renderCreate = async (request: FastifyRequest, form: FormState) => spaceFormPage(viewContext(request), form, await frameworkChoices(db, null), { mode: "create" });
  app.get("/admin/spaces/new", hidden, async (request, reply) => {
    requirePlatformAdmin(request);
    return sendPage(reply, await renderCreate(request, emptyForm({ visibility: "public" })));
  });
  app.post("/admin/spaces/new", hidden, async (request, reply) => {
    const admin = requirePlatformAdmin(request);
    const body = formBody(request);
    const choices = await frameworkChoices(db, null);
    const view = viewContext(request);
    return runForm(reply, body, (form) => spaceFormPage(view, form, choices, { mode: "create" }), async () => {
      const space = await createSpace(services, admin, spaceInputFromForm(body), request.ip);
      setFlash(reply, "space.created");
      reply.redirect(`/spaces/${space.slug}`, 303);
    });
  });

  // ---- a space ----

  app.get<SlugParams>("/spaces/:slug", hidden, async (request, reply) => {
    const space = await loadSpace(request);
    const viewer = request.user;
    const roles = space.viewerRoles;
    const [frameworks, leaders, memberCount, featureWordings] = await Promise.all([
      frameworksOfSpace(db, space.id),
      spacePeople(db, space.id, ["coordinator", "facilitator"]),
      spaceMemberCount(db, space.id),
      spaceFeatureWordings(services, space.id, space.enabledModules),
    ]);
    return sendPage(
      reply,
      spacePage(viewContext(request), {
        space,
        frameworks,
        coordinators: leaders.filter((person) => person.role === "coordinator"),
        facilitators: leaders.filter((person) => person.role === "facilitator"),
        memberCount,
        featureWordings,
        can: {
          join: canJoinSpace(viewer, space, roles),
          leave: canLeaveSpace(viewer, roles),
          edit: canEditSpace(viewer, roles),
          manageRoles: canManageRoles(viewer, roles),
          importFramework: canImportFramework(viewer, roles),
          // the queue lives in the consultations module: linked only where that module is on
          moderate: space.enabledModules.includes("consultations") && canModerateSpace(viewer, roles),
        },
      }),
    );
  });

  app.post<SlugParams>("/spaces/:slug/join", hidden, async (request, reply) => {
    const user = requireUser(request);
    const space = await loadSpace(request);
    await joinSpace(services, user, space, request.ip);
    setFlash(reply, "space.joined");
    return reply.redirect(`/spaces/${space.slug}`, 303);
  });

  app.post<SlugParams>("/spaces/:slug/leave", hidden, async (request, reply) => {
    const user = requireUser(request);
    const space = await loadSpace(request);
    await leaveSpace(services, user, space, request.ip);
    setFlash(reply, "space.left");
    // Leaving a private space makes it invisible at once: go somewhere that still exists for the viewer.
    return reply.redirect(space.visibility === "private" ? "/spaces" : `/spaces/${space.slug}`, 303);
  });

  // ---- settings (admins and coordinators) ----

  const renderSettings = async (request: FastifyRequest, space: ViewedSpace, form: FormState) =>
    spaceFormPage(viewContext(request), form, await frameworkChoices(db, space.id), {
      mode: "edit",
      space,
      canManageRoles: canManageRoles(request.user, space.viewerRoles),
      canImport: canImportFramework(request.user, space.viewerRoles),
    });

  app.get<SlugParams>("/spaces/:slug/settings", hidden, async (request, reply) => {
    const space = await loadSpace(request);
    allowOrRefuse(request, canEditSpace(request.user, space.viewerRoles));
    const keys = (await frameworksOfSpace(db, space.id)).map((framework) => framework.key);
    return sendPage(reply, await renderSettings(request, space, emptyForm(spaceToForm(space, keys))));
  });
  app.post<SlugParams>("/spaces/:slug/settings", hidden, async (request, reply) => {
    const space = await loadSpace(request);
    allowOrRefuse(request, canEditSpace(request.user, space.viewerRoles));
    const user = requireUser(request);
    const body = formBody(request);
    const choices = await frameworkChoices(db, space.id);
    const view = viewContext(request);
    const options = { mode: "edit" as const, space, canManageRoles: canManageRoles(user, space.viewerRoles), canImport: canImportFramework(user, space.viewerRoles) };
    return runForm(reply, body, (form) => spaceFormPage(view, form, choices, options), async () => {
      const saved = await updateSpace(services, user, space.id, spaceInputFromForm(body), request.ip);
      setFlash(reply, "form.saved");
      reply.redirect(`/spaces/${saved.slug}`, 303);
    });
  });

  for (const [action, isArchived] of [["archive", true], ["unarchive", false]] as const) {
    app.post<SlugParams>(`/spaces/:slug/${action}`, hidden, async (request, reply) => {
      const space = await loadSpace(request);
      allowOrRefuse(request, canEditSpace(request.user, space.viewerRoles));
      await setSpaceArchived(services, requireUser(request), space.id, isArchived, request.ip);
      setFlash(reply, isArchived ? "space.archive.done" : "space.archive.restored");
      return reply.redirect(`/spaces/${space.slug}`, 303);
    });
  }

  // ---- roles (admins and coordinators) ----

  const renderMembers = async (request: FastifyRequest, space: ViewedSpace, form: FormState) =>
    membersPage(viewContext(request), space, await listSpaceRoles(db, space.id), form, {
      canEdit: canEditSpace(request.user, space.viewerRoles),
      canImport: canImportFramework(request.user, space.viewerRoles),
    });

  app.get<SlugParams>("/spaces/:slug/members", hidden, async (request, reply) => {
    const space = await loadSpace(request);
    allowOrRefuse(request, canManageRoles(request.user, space.viewerRoles));
    return sendPage(reply, await renderMembers(request, space, emptyForm({ role: "member" })));
  });
  app.post<SlugParams>("/spaces/:slug/members", hidden, async (request, reply) => {
    const space = await loadSpace(request);
    allowOrRefuse(request, canManageRoles(request.user, space.viewerRoles));
    const user = requireUser(request);
    const body = formBody(request);
    try {
      await grantSpaceRole(services, user, space.id, { email: body.email, role: body.role, country: body.country }, request.ip);
    } catch (error) {
      if (error instanceof AppError && Object.keys(error.fields).length) {
        return sendPage(reply, await renderMembers(request, space, { values: body, errors: error.fields }), error.status);
      }
      throw error;
    }
    setFlash(reply, "space.members.added");
    return reply.redirect(`/spaces/${space.slug}/members`, 303);
  });
  app.post<SlugParams>("/spaces/:slug/members/remove", hidden, async (request, reply) => {
    const space = await loadSpace(request);
    allowOrRefuse(request, canManageRoles(request.user, space.viewerRoles));
    const body = formBody(request);
    await revokeSpaceRole(services, requireUser(request), space.id, { userId: body.userId, role: body.role, country: body.country ?? "" }, request.ip);
    setFlash(reply, "space.members.removed");
    return reply.redirect(`/spaces/${space.slug}/members`, 303);
  });

  // ---- framework import (admins and coordinators) ----

  const importOptions = (request: FastifyRequest, space: ViewedSpace) => ({
    canEdit: canEditSpace(request.user, space.viewerRoles),
    canManageRoles: canManageRoles(request.user, space.viewerRoles),
  });

  app.get<SlugParams>("/spaces/:slug/frameworks/import", hidden, async (request, reply) => {
    const space = await loadSpace(request);
    allowOrRefuse(request, canImportFramework(request.user, space.viewerRoles));
    return sendPage(reply, importFormPage(viewContext(request), space, emptyForm({ format: "auto" }), [], importOptions(request, space)));
  });
  app.post<SlugParams>("/spaces/:slug/frameworks/import", { ...hidden, bodyLimit: UPLOAD_LIMIT * 2 }, async (request, reply) => {
    const space = await loadSpace(request);
    allowOrRefuse(request, canImportFramework(request.user, space.viewerRoles));
    const user = requireUser(request);
    const view = viewContext(request);
    const body = formBody(request);
    const uploaded = decodeUpload(body.file);
    const text = uploaded.trim() ? uploaded : typeof body.data === "string" ? body.data : "";
    const format: ImportFormat | "auto" = body.format === "csv" || body.format === "json" ? body.format : "auto";
    // What the user sent stays in the form; an uploaded file's content moves into the text box, so it need not be chosen again.
    const values: Record<string, unknown> = { ...body, file: undefined, data: text, format };
    const renderForm = (form: FormState, rowErrors: FrameworkImportRejected["rowErrors"] = [], status = 422) =>
      sendPage(reply, importFormPage(view, space, form, rowErrors, importOptions(request, space)), status);

    if (body.step === "edit") return renderForm({ values, errors: {} }, [], 200);
    if (!text.trim()) return renderForm({ values, errors: { data: { key: "framework.validation.data_required" } } });
    const read = readImportText(text, format);
    const input = {
      meta: { key: body.key, name: localizedFromForm(body, "name"), description: localizedFromForm(body, "description"), source: body.source },
      rows: read.rows,
      readErrors: read.errors,
    };
    try {
      if (body.step === "confirm") {
        const imported = await importFramework(services, user, space.id, input, request.ip);
        setFlash(reply, "framework.import.done");
        return reply.redirect(`/frameworks/${imported.key}`, 303);
      }
      const checked = await checkFrameworkImport(db, input);
      return sendPage(reply, importPreviewPage(view, space, checked, { text, format: read.format }));
    } catch (error) {
      if (error instanceof FrameworkImportRejected) return renderForm({ values, errors: error.metaErrors }, error.rowErrors);
      if (error instanceof AppError && Object.keys(error.fields).length) return renderForm({ values, errors: error.fields }, [], error.status);
      throw error;
    }
  });

  // ---- frameworks ----

  app.get("/frameworks", hidden, async (request, reply) => {
    return sendPage(reply, frameworksPage(viewContext(request), await listFrameworksForViewer(db, request.user)));
  });

  app.get<{ Params: { key: string } }>("/frameworks/:key", hidden, async (request, reply) => {
    const framework = await getFrameworkForViewer(db, request.params.key, request.user);
    const [items, spaces] = await Promise.all([listFrameworkItems(db, framework.id), spacesUsingFramework(db, framework.id, request.user)]);
    return sendPage(reply, frameworkPage(viewContext(request), { framework, tree: frameworkTree(items), spaces }));
  });
}
