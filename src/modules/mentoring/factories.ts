import type { Services } from "../../platform/services";
import { buildUser, XSS, type BuiltUser } from "../../testing/factories";
import { buildSpace, type BuiltSpace } from "../spaces/factories";
import { saveOffer, saveRequest } from "./commands/save-profile";
import { OfferInput, RequestInput } from "./inputs";

/** A public space with mentoring on (the "programmes" feature) and the Aarhus framework, made through the real command. */
export const buildMentoringSpace = (services: Services, overrides: Parameters<typeof buildSpace>[1] = {}): Promise<BuiltSpace> =>
  buildSpace(services, { enabledModules: ["programmes"], frameworkKeys: ["AARHUS"], ...overrides });

/** A mentor's offer through the real command (its person made on demand); texts carry a script tag. */
export async function buildMentor(services: Services, space: BuiltSpace, overrides: Partial<Record<keyof OfferInput, unknown>> & { user?: BuiltUser } = {}): Promise<{ id: string; user: BuiltUser }> {
  const { user: given, ...input } = overrides;
  const user = given ?? (await buildUser(services));
  const offer = OfferInput.parse({ displayName: `${XSS} Mentor`, bio: `${XSS} I help.`, itemIds: [], tags: ["fundraising"], languages: ["en"], timeZone: "Europe/Paris", capacity: 1, programmeId: null, ...input });
  return { id: (await saveOffer(services, { id: user.id }, space.id, offer)).id, user };
}

/** A mentee's request through the real command (its person made on demand); texts carry a script tag. */
export async function buildMentee(services: Services, space: BuiltSpace, overrides: Partial<Record<keyof RequestInput, unknown>> & { user?: BuiltUser } = {}): Promise<{ id: string; user: BuiltUser }> {
  const { user: given, ...input } = overrides;
  const user = given ?? (await buildUser(services));
  const request = RequestInput.parse({ displayName: `${XSS} Mentee`, needs: `${XSS} Secret need`, itemIds: [], tags: ["fundraising"], languages: ["en"], timeZone: "Europe/Paris", programmeId: null, ...input });
  return { id: (await saveRequest(services, { id: user.id }, space.id, request)).id, user };
}
