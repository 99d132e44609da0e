import type { Services } from "../../platform/services";
import { XSS, buildUser, type BuiltUser } from "../../testing/factories";
import { buildOrganisation, type BuiltOrganisation } from "../organisations/factories";
import { commitmentSpaceSettings } from "../commitments/schema";
import { addSpaceRole, buildSpace, type BuiltSpace } from "../spaces/factories";
import { publishVersion } from "./commands/publish-version";

export type MemorandumScene = { space: BuiltSpace; coordinator: BuiltUser };

/**
 * A space with commitments in memorandum mode, a coordinator, and — unless `isPublished` is false — version 1 of
 * a memorandum whose text carries a script tag in both languages (pages must escape it).
 */
export async function buildMemorandumSpace(services: Services, options: { isPublished?: boolean; visibility?: "public" | "private" } = {}): Promise<MemorandumScene> {
  const space = await buildSpace(services, { enabledModules: ["commitments"], frameworkKeys: ["GBF"], ...(options.visibility ? { visibility: options.visibility } : {}) });
  await services.db.insert(commitmentSpaceSettings).values({ spaceId: space.id, mode: "memorandum" }).onConflictDoUpdate({ target: commitmentSpaceSettings.spaceId, set: { mode: "memorandum" } });
  const coordinator = await buildUser(services);
  await addSpaceRole(services, space.id, coordinator.id, "coordinator");
  if (options.isPublished !== false) {
    await publishVersion(services, { id: coordinator.id }, space.id, {
      bodyMd: { en: `## Purpose\n\nWe work together. ${XSS}\n\n- report yearly`, ru: `## Цель\n\nРаботаем вместе. ${XSS}\n\n- отчёт раз в год` },
      changeSummary: {},
    });
  }
  return { space, coordinator };
}

/** An organisation whose owner (its admin) is a user with the given language. */
export async function buildSigningOrganisation(services: Services, locale = "en"): Promise<BuiltOrganisation & { admin: BuiltUser }> {
  const admin = await buildUser(services, { locale });
  const organisation = await buildOrganisation(services, { ownerId: admin.id });
  return { ...organisation, admin };
}
