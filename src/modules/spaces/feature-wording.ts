import type { FastifyInstance } from "fastify";
import type { MessageValues } from "../../platform/i18n/messages";
import type { Services } from "../../platform/services";
import type { SpaceFeature } from "./inputs";

/**
 * The values a feature module gives the messages that name it on a space's own page, e.g. the commitments
 * module's `mode` ("memorandum" where the space runs a memorandum of programme activities). Registered by
 * that module, so this one never imports it (the same extension point as organisation page sections).
 */
export type SpaceFeatureWording = (spaceId: string) => Promise<MessageValues>;

// Kept per app (keyed by its services), so several apps in one process — tests — never share them.
const wordingsByApp = new WeakMap<Services, Map<SpaceFeature, SpaceFeatureWording>>();

/** Lets a feature module say how the links to its pages on a space's page are worded. */
export function registerSpaceFeatureWording(app: FastifyInstance, feature: SpaceFeature, wording: SpaceFeatureWording): void {
  const wordings = wordingsByApp.get(app.services) ?? new Map<SpaceFeature, SpaceFeatureWording>();
  wordings.set(feature, wording);
  wordingsByApp.set(app.services, wordings);
}

/**
 * The message values of each enabled feature in one space. Every feature gets `mode` ("default" unless its
 * module says otherwise), so a link label may always select on it.
 */
export async function spaceFeatureWordings(services: Services, spaceId: string, features: readonly string[]): Promise<Partial<Record<SpaceFeature, MessageValues>>> {
  const wordings = wordingsByApp.get(services);
  const entries = await Promise.all(
    features.map(async (feature) => [feature, { mode: "default", ...(await wordings?.get(feature as SpaceFeature)?.(spaceId)) }] as const),
  );
  return Object.fromEntries(entries);
}
