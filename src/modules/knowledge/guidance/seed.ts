import { and, eq, isNull } from "drizzle-orm";
import type { DemoContext } from "../../../platform/module";
import type { Services } from "../../../platform/services";
import { knowledgeCollections, knowledgeDocuments, type DocumentKind } from "../schema";
import { saveDocument } from "./commands/save-document";
import { PLATFORM_FAQ, SPACE_GUIDANCE } from "./demo/faq-and-space";
import { PLATFORM_GUIDANCE_EN } from "./demo/platform-en";
import { PLATFORM_GUIDANCE_RU } from "./demo/platform-ru";

type DemoText = { title: string; tags: readonly string[]; body: string };
type DemoDocument = { slug: string; kind: DocumentKind; collection: string; originalLanguage: "en" | "ru"; en?: DemoText; ru?: DemoText };

const PLATFORM_DOCUMENTS: DemoDocument[] = [
  { slug: "register-organisation", kind: "guidance", collection: "getting-started", originalLanguage: "en", en: PLATFORM_GUIDANCE_EN.registerOrganisation, ru: PLATFORM_GUIDANCE_RU.registerOrganisation },
  { slug: "commitments-and-progress", kind: "guidance", collection: "getting-started", originalLanguage: "en", en: PLATFORM_GUIDANCE_EN.commitments, ru: PLATFORM_GUIDANCE_RU.commitments },
  { slug: "taking-part-in-consultations", kind: "guidance", collection: "getting-started", originalLanguage: "en", en: PLATFORM_GUIDANCE_EN.consultations },
  { slug: "using-the-knowledge-hub", kind: "guidance", collection: "getting-started", originalLanguage: "ru", ru: PLATFORM_GUIDANCE_RU.knowledgeHub },
  ...PLATFORM_FAQ.map((entry): DemoDocument => ({ ...entry, kind: "faq", collection: "platform-questions", originalLanguage: entry.en ? "en" : "ru" })),
];

const DEMO_SPACE = "aarhus-kazakhstan-2018-2020";

async function ensureCollection(services: Services, spaceId: string | null, slug: string, title: { en: string; ru: string }, position: number): Promise<string> {
  const inHub = spaceId === null ? isNull(knowledgeCollections.spaceId) : eq(knowledgeCollections.spaceId, spaceId);
  const [existing] = await services.db.select({ id: knowledgeCollections.id }).from(knowledgeCollections).where(and(inHub, eq(knowledgeCollections.slug, slug)));
  if (existing) return existing.id;
  const [row] = await services.db.insert(knowledgeCollections).values({ spaceId, slug, title, position }).returning({ id: knowledgeCollections.id });
  return row!.id;
}

/**
 * Saves the documents that are missing (a document the secretariat has since edited or deleted is left alone:
 * only absent slugs are written). The original language's text is saved first, its translation as `<slug>-<lang>`.
 */
async function seedDocuments(services: Services, spaceId: string | null, documents: DemoDocument[], collections: Record<string, string>, actorUserId: string): Promise<void> {
  const inHub = spaceId === null ? isNull(knowledgeDocuments.spaceId) : eq(knowledgeDocuments.spaceId, spaceId);
  const existing = new Set((await services.db.select({ slug: knowledgeDocuments.slug }).from(knowledgeDocuments).where(inHub)).map((row) => row.slug));
  await services.db.transaction(async (tx) => {
    for (const document of documents) {
      const languages = [document.originalLanguage, document.originalLanguage === "en" ? "ru" : "en"] as const;
      for (const language of languages) {
        const text = document[language];
        if (!text) continue;
        const isOriginal = language === document.originalLanguage;
        const slug = isOriginal ? document.slug : `${document.slug}-${language}`;
        if (existing.has(slug)) continue;
        await saveDocument(
          tx,
          { spaceId, slug, kind: document.kind, language, title: text.title, tags: [...text.tags], bodyMd: text.body, status: "published", translationOfSlug: isOriginal ? null : document.slug, collectionId: collections[document.collection] ?? null },
          { actorUserId, source: "ui", note: "demo", now: services.clock.now() },
        );
      }
    }
  });
}

/** Demo guidance and FAQ: a "Getting started" collection and FAQ at platform level, and the Aarhus space's own. */
export async function seedGuidanceDemo(services: Services, demo: DemoContext): Promise<void> {
  const platformCollections = {
    "getting-started": await ensureCollection(services, null, "getting-started", { en: "Getting started", ru: "Первые шаги" }, 0),
    "platform-questions": await ensureCollection(services, null, "platform-questions", { en: "Questions about the platform", ru: "Вопросы о платформе" }, 1),
  };
  await seedDocuments(services, null, PLATFORM_DOCUMENTS, platformCollections, demo.adminUserId);
  const spaceId = demo.spaceIds[DEMO_SPACE];
  if (!spaceId) return;
  const spaceCollections = {
    programme: await ensureCollection(services, spaceId, "programme", { en: "Programme guidance", ru: "Руководство по программе" }, 0),
  };
  await seedDocuments(
    services,
    spaceId,
    SPACE_GUIDANCE.map((entry) => ({ ...entry, collection: "programme", originalLanguage: entry.ru ? "ru" : "en" })),
    spaceCollections,
    demo.adminUserId,
  );
}
