import { eq } from "drizzle-orm";
import type { Services } from "../../../platform/services";
import { buildUser, XSS, type BuiltUser } from "../../../testing/factories";
import { buildOrganisation } from "../../organisations/factories";
import { addSpaceRole, buildSpace } from "../../spaces/factories";
import { reviewPractice } from "./commands/review-practice";
import { submitPractice } from "./commands/submit-practice";
import type { PracticeInput } from "./inputs";
import { knowledgePractices, type PracticeStatus } from "./schema";

/** A space with a coordinator and an organisation whose admin (the submitter) may share practices in it. */
export type PracticeScene = { spaceId: string; spaceSlug: string; coordinator: BuiltUser; submitter: BuiltUser; organisationId: string; organisationSlug: string; stranger: BuiltUser };

export async function buildPracticeScene(services: Services, options: { visibility?: "public" | "private"; submitterLocale?: string } = {}): Promise<PracticeScene> {
  const space = await buildSpace(services, { frameworkKeys: ["GBF"], enabledModules: ["knowledge"], visibility: options.visibility ?? "public" });
  const coordinator = await buildUser(services);
  await addSpaceRole(services, space.id, coordinator.id, "coordinator");
  const submitter = await buildUser(services, { locale: options.submitterLocale ?? "en" });
  const organisation = await buildOrganisation(services, { ownerId: submitter.id });
  // A private space is seen only by its members: the submitter is one.
  if (options.visibility === "private") await addSpaceRole(services, space.id, submitter.id, "member");
  return { spaceId: space.id, spaceSlug: space.slug, coordinator, submitter, organisationId: organisation.id, organisationSlug: organisation.slug, stranger: await buildUser(services) };
}

/** Practice fields with a script tag in every text, for the scene's organisation. */
export function practiceFields(scene: PracticeScene, overrides: Partial<PracticeInput> = {}): PracticeInput {
  return {
    organisationId: scene.organisationId,
    kind: "project",
    title: { en: `${XSS} Wetland restoration by volunteers`, ru: `${XSS} Восстановление водно-болотных угодий силами волонтёров` },
    summary: { en: `${XSS} Volunteers replanted reeds along the river.` },
    results: { en: "Birds came back." },
    language: "en",
    countries: ["KZ"],
    actorTypes: ["ngo"],
    links: [{ url: "https://example.org/wetland", label: `${XSS} report` }],
    ...overrides,
  };
}

/** A practice submitted through the real command, then (optionally) decided by the scene's coordinator. */
export async function buildPractice(services: Services, scene: PracticeScene, options: { status?: PracticeStatus; fields?: Partial<PracticeInput> } = {}): Promise<string> {
  const { id } = await submitPractice(services, { id: scene.submitter.id, isPlatformAdmin: false, isEmailVerified: true }, scene.spaceSlug, practiceFields(scene, options.fields));
  const status = options.status ?? "published";
  const coordinator = { id: scene.coordinator.id, isPlatformAdmin: false };
  if (status === "published") await reviewPractice(services, coordinator, id, { decision: "publish" });
  if (status === "returned") await reviewPractice(services, coordinator, id, { decision: "return", reason: "Please add figures." });
  if (status === "rejected") await reviewPractice(services, coordinator, id, { decision: "reject", reason: "Not a practice." });
  return id;
}

export async function practiceStatus(services: Services, id: string): Promise<PracticeStatus | undefined> {
  const [row] = await services.db.select({ status: knowledgePractices.status }).from(knowledgePractices).where(eq(knowledgePractices.id, id));
  return row?.status;
}
