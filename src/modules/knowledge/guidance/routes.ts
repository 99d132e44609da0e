import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../../../platform/errors";
import { viewContext } from "../../../platform/http/context";
import { formBody, runForm, sendPage } from "../../../platform/http/forms";
import { registerMultipartForms, type UploadedFile } from "../../../platform/http/multipart";
import { setFlash } from "../../../platform/http/plugin";
import { emptyForm, localizedFromForm, localizedToForm, type FormState } from "../../../platform/views/forms";
import { importGuidance, MAX_IMPORT_FILES, type ImportFile } from "./commands/import-guidance";
import { deleteCollection } from "./commands/delete-collection";
import { saveCollection } from "./commands/save-collection";
import { deleteDocument, writeDocument } from "./commands/write-document";
import { DOCUMENT_LANGUAGES, MAX_DOCUMENT_BYTES } from "./front-matter";
import { diffLines } from "../../../platform/text-diff/line-diff";
import {
  countCollectionDocuments,
  documentChoices,
  findCollection,
  findDocument,
  getDocumentPage,
  getVersion,
  listCollections,
  listLibrary,
  listTags,
  listVersions,
  recentDocuments,
  recentPublishedGuidance,
  type DocumentRow,
} from "./queries";
import { renderGuidanceFeed } from "./feed";
import { ATOM_CONTENT_TYPE, DEFAULT_FEED_SIZE } from "../../../platform/feeds/atom";
import { localizedString } from "../../../platform/i18n/localized";
import { loadKnowledgeScope, requireManager, type KnowledgeScope } from "./scope";
import { comparePage, deletePage, documentPage, historyPage, versionPage } from "./views/document";
import { collectionDeletePage, collectionsPage, documentFormPage, importPage } from "./views/forms";
import { hubPage } from "./views/hub";
import { faqPage, libraryPage, type LibraryParams } from "./views/library";

type Params = { slug?: string; doc?: string; version?: string; collection?: string };
type Request = FastifyRequest<{ Params: Params; Querystring: Record<string, string | string[] | undefined> }>;
type Handler = (request: Request, reply: FastifyReply, scope: KnowledgeScope) => Promise<unknown>;

const hidden = { schema: { hide: true } };
/** The hub's two homes: the platform's and each space's. */
const PREFIXES = ["/knowledge", "/spaces/:slug/knowledge"] as const;

function queryText(request: Request, name: string, max = 200): string {
  const value = request.query[name];
  const text = Array.isArray(value) ? value[0] : value;
  return typeof text === "string" ? text.trim().slice(0, max) : "";
}

function libraryParams(request: Request): LibraryParams {
  const language = queryText(request, "language", 5);
  return { tag: queryText(request, "tag", 60), language: (DOCUMENT_LANGUAGES as readonly string[]).includes(language) ? language : "", collection: queryText(request, "collection", 80) };
}

function documentForm(document: DocumentRow, translationOfSlug: string): Record<string, unknown> {
  return {
    title: document.title,
    kind: document.kind,
    language: document.language,
    body: document.bodyMd,
    tags: document.tags.join(", "),
    collection: document.collectionId ?? "",
    translationOf: translationOfSlug,
    status: document.status,
  };
}

/** Pages of the guidance library and FAQ, and the hub's landing page, at platform and space level. */
export async function guidanceRoutes(app: FastifyInstance): Promise<void> {
  const services = app.services;
  const { db } = services;
  // Several Markdown files per upload; each at most a document's size.
  await registerMultipartForms(app, { fileSize: MAX_DOCUMENT_BYTES, fieldSize: 10_000, files: 200, fields: 10, parts: 210 }, { withFileNames: true });

  const page = (method: "GET" | "POST", path: string, handler: Handler) => {
    for (const prefix of PREFIXES) {
      app.route({
        method,
        url: `${prefix}${path}`,
        ...hidden,
        handler: async (request, reply) => {
          const typed = request as Request;
          const scope = await loadKnowledgeScope(db, typed.params.slug, request.user);
          return handler(typed, reply, scope);
        },
      });
    }
  };

  page("GET", "", async (request, reply, scope) => sendPage(reply, hubPage(viewContext(request), scope, await recentDocuments(db, scope, 8))));

  const listing = async (request: Request, scope: KnowledgeScope, kind: "guidance" | "faq") => {
    const params = libraryParams(request);
    const [collections, tags] = await Promise.all([listCollections(db, scope.spaceId), listTags(db, scope, kind)]);
    const collectionId = params.collection ? (collections.find((collection) => collection.slug === params.collection)?.id ?? "00000000-0000-0000-0000-000000000000") : undefined;
    const documents = await listLibrary(db, scope, { kind, language: params.language || undefined, tag: params.tag || undefined, collectionId }, request.locale);
    return { params, collections, tags, documents };
  };

  page("GET", "/guidance", async (request, reply, scope) => sendPage(reply, libraryPage(viewContext(request), scope, await listing(request, scope, "guidance"))));

  page("GET", "/guidance/feed.atom", async (request, reply, scope) => {
    const title = request.t("knowledge.guidance.title");
    const body = renderGuidanceFeed({
      publicUrl: services.config.publicUrl,
      listPath: `${scope.base}/guidance`,
      title: scope.space ? `${title} · ${localizedString(scope.space.title, request.locale)}` : title,
      locale: request.locale,
      items: await recentPublishedGuidance(db, scope, DEFAULT_FEED_SIZE),
      fallbackUpdated: services.clock.now(),
    });
    return reply.type(ATOM_CONTENT_TYPE).send(body);
  });

  page("GET", "/faq", async (request, reply, scope) => sendPage(reply, faqPage(viewContext(request), scope, await listing(request, scope, "faq"))));

  // ---- writing a document ----
  const formData = async (scope: KnowledgeScope, document: DocumentRow | null) => {
    const [collections, originals] = await Promise.all([listCollections(db, scope.spaceId), documentChoices(db, scope)]);
    return { document, collections, originals };
  };

  page("GET", "/guidance/new", async (request, reply, scope) => {
    requireManager(scope, request.user);
    const kind = queryText(request, "kind") === "faq" ? "faq" : "guidance";
    const language = libraryParams(request).language || (request.locale === "ru" ? "ru" : "en");
    const form = emptyForm({ kind, language, status: "published", translationOf: queryText(request, "translationOf", 120) });
    return sendPage(reply, documentFormPage(viewContext(request), scope, form, await formData(scope, null)));
  });

  page("POST", "/guidance/new", async (request, reply, scope) => {
    const user = requireManager(scope, request.user);
    const values = formBody(request);
    const data = await formData(scope, null);
    return runForm(reply, values, (form: FormState) => documentFormPage(viewContext(request), scope, form, data), async () => {
      const saved = await writeDocument(services, scope, user, values, { kind: "create" }, { source: "ui", ip: request.ip });
      setFlash(reply, "knowledge.document.saved");
      await reply.redirect(`${scope.base}/guidance/${saved.slug}`, 303);
    });
  });

  page("GET", "/guidance/:doc", async (request, reply, scope) => sendPage(reply, documentPage(viewContext(request), scope, await getDocumentPage(db, scope, request.params.doc ?? ""))));

  const editable = async (request: Request, scope: KnowledgeScope) => {
    requireManager(scope, request.user);
    return getDocumentPage(db, scope, request.params.doc ?? "");
  };

  page("GET", "/guidance/:doc/edit", async (request, reply, scope) => {
    const found = await editable(request, scope);
    return sendPage(reply, documentFormPage(viewContext(request), scope, emptyForm(documentForm(found.document, found.original?.slug ?? "")), await formData(scope, found.document)));
  });

  page("POST", "/guidance/:doc/edit", async (request, reply, scope) => {
    const found = await editable(request, scope);
    const user = requireManager(scope, request.user);
    const values = formBody(request);
    const data = await formData(scope, found.document);
    return runForm(reply, values, (form: FormState) => documentFormPage(viewContext(request), scope, form, data), async () => {
      const saved = await writeDocument(services, scope, user, values, { kind: "update", slug: found.document.slug }, { source: "ui", ip: request.ip });
      setFlash(reply, "knowledge.document.saved");
      await reply.redirect(`${scope.base}/guidance/${saved.slug}`, 303);
    });
  });

  page("GET", "/guidance/:doc/delete", async (request, reply, scope) => sendPage(reply, deletePage(viewContext(request), scope, (await editable(request, scope)).document)));

  page("POST", "/guidance/:doc/delete", async (request, reply, scope) => {
    const found = await editable(request, scope);
    await deleteDocument(services, scope, requireManager(scope, request.user), found.document.slug, request.ip);
    setFlash(reply, "knowledge.document.deleted");
    return reply.redirect(`${scope.base}/${found.document.kind === "faq" ? "faq" : "guidance"}`, 303);
  });

  // ---- history ----
  page("GET", "/guidance/:doc/versions", async (request, reply, scope) => {
    const document = await findDocument(db, scope, request.params.doc ?? "");
    return sendPage(reply, historyPage(viewContext(request), scope, document, await listVersions(db, document.id)));
  });

  page("GET", "/guidance/:doc/versions/:version", async (request, reply, scope) => {
    const document = await findDocument(db, scope, request.params.doc ?? "");
    const version = /^\d{1,7}$/.test(request.params.version ?? "") ? Number(request.params.version) : 0;
    return sendPage(reply, versionPage(viewContext(request), scope, document, await getVersion(db, document.id, version)));
  });

  page("GET", "/guidance/:doc/compare", async (request, reply, scope) => {
    const document = await findDocument(db, scope, request.params.doc ?? "");
    const number = (name: string, fallback: number) => {
      const text = queryText(request, name, 8);
      if (!text) return fallback;
      // A value someone chose (the form's radios, or an edited address), not broken syntax: a 422 naming it.
      if (!/^\d{1,7}$/.test(text)) throw new AppError("validation_failed", "knowledge.history.error.version_field", { [name]: { key: "knowledge.history.error.version" } }, { field: name });
      return Number(text);
    };
    let from = number("from", Math.max(1, document.version - 1));
    let to = number("to", document.version);
    if (from > to) [from, to] = [to, from];
    const [older, newer] = await Promise.all([getVersion(db, document.id, from), getVersion(db, document.id, to)]);
    return sendPage(reply, comparePage(viewContext(request), scope, document, older, newer, diffLines(older.bodyMd, newer.bodyMd)));
  });

  // ---- collections ----
  const collectionInput = (values: Record<string, unknown>) => ({
    slug: typeof values.slug === "string" ? values.slug : "",
    title: localizedFromForm(values, "title"),
    description: localizedFromForm(values, "description"),
    position: typeof values.position === "string" ? values.position : "",
  });

  page("GET", "/collections", async (request, reply, scope) => {
    requireManager(scope, request.user);
    return sendPage(reply, collectionsPage(viewContext(request), scope, await listCollections(db, scope.spaceId), emptyForm({ position: "0" }), null));
  });

  page("POST", "/collections", async (request, reply, scope) => {
    const user = requireManager(scope, request.user);
    const values = formBody(request);
    const collections = await listCollections(db, scope.spaceId);
    return runForm(reply, values, (form: FormState) => collectionsPage(viewContext(request), scope, collections, form, null), async () => {
      await saveCollection(services, scope, user, collectionInput(values), undefined, request.ip);
      setFlash(reply, "knowledge.collection.saved");
      await reply.redirect(`${scope.base}/collections`, 303);
    });
  });

  page("GET", "/collections/:collection/edit", async (request, reply, scope) => {
    requireManager(scope, request.user);
    const collection = await findCollection(db, scope.spaceId, request.params.collection ?? "");
    const form = emptyForm({ slug: collection.slug, position: String(collection.position), ...localizedToForm("title", collection.title), ...localizedToForm("description", collection.description) });
    return sendPage(reply, collectionsPage(viewContext(request), scope, await listCollections(db, scope.spaceId), form, collection));
  });

  page("POST", "/collections/:collection/edit", async (request, reply, scope) => {
    const user = requireManager(scope, request.user);
    const collection = await findCollection(db, scope.spaceId, request.params.collection ?? "");
    const values = formBody(request);
    const collections = await listCollections(db, scope.spaceId);
    return runForm(reply, values, (form: FormState) => collectionsPage(viewContext(request), scope, collections, form, collection), async () => {
      await saveCollection(services, scope, user, collectionInput(values), collection.id, request.ip);
      setFlash(reply, "knowledge.collection.saved");
      await reply.redirect(`${scope.base}/collections`, 303);
    });
  });

  page("GET", "/collections/:collection/delete", async (request, reply, scope) => {
    requireManager(scope, request.user);
    const collection = await findCollection(db, scope.spaceId, request.params.collection ?? "");
    return sendPage(reply, collectionDeletePage(viewContext(request), scope, collection, await countCollectionDocuments(db, collection.id)));
  });

  page("POST", "/collections/:collection/delete", async (request, reply, scope) => {
    const user = requireManager(scope, request.user);
    await deleteCollection(services, scope, user, request.params.collection ?? "", request.ip);
    setFlash(reply, "knowledge.collection.deleted");
    return reply.redirect(`${scope.base}/collections`, 303);
  });

  // ---- import by upload ----
  page("GET", "/import", async (request, reply, scope) => {
    requireManager(scope, request.user);
    return sendPage(reply, importPage(viewContext(request), scope, null, emptyForm()));
  });

  page("POST", "/import", async (request, reply, scope) => {
    const user = requireManager(scope, request.user);
    const body = formBody(request);
    const uploaded = [body.files].flat().filter((value): value is UploadedFile => typeof value === "object" && value !== null && "data" in value && Buffer.isBuffer((value as UploadedFile).data));
    // A form sent without choosing a file still carries one empty part: that is "no file", not a bad file.
    const files: ImportFile[] = uploaded.filter((file) => file.filename || file.data.length > 0).map((file) => ({ name: ([...file.filename].filter((character) => character.charCodeAt(0) >= 32 && character.charCodeAt(0) !== 127).join("") || "—").slice(0, 200), bytes: file.data }));
    const view = viewContext(request);
    if (!files.length) return sendPage(reply, importPage(view, scope, null, { values: {}, errors: { files: { key: "knowledge.import.error.no_files" } } }), 422);
    if (files.length > MAX_IMPORT_FILES) return sendPage(reply, importPage(view, scope, null, { values: {}, errors: { files: { key: "knowledge.import.error.too_many_files", values: { max: MAX_IMPORT_FILES } } } }), 422);
    const report = await importGuidance(services, { spaceId: scope.spaceId }, user.id, files, request.ip);
    return sendPage(reply, importPage(view, scope, report, emptyForm()), report.isImported ? 200 : 422);
  });
}
