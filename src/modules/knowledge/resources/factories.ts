import type { LocalizedText } from "../../../platform/i18n/localized";
import type { Services } from "../../../platform/services";
import { XSS, buildUser } from "../../../testing/factories";
import { saveResource } from "./commands/save-resource";
import { readResourceInput, type ResourceRawInput } from "./inputs";
import type { ResourceStatus } from "./schema";

/**
 * A resource made through the real command. Title and description carry a script tag by default, so every page
 * test also proves escaping; it is a published toolkit of a space unless the test says otherwise.
 */
export async function buildResource(
  services: Services,
  overrides: ResourceRawInput & { spaceId: string | null; status?: ResourceStatus; actorUserId?: string; title?: LocalizedText; targetIds?: string[] },
): Promise<string> {
  const actorUserId = overrides.actorUserId ?? (await buildUser(services, { isPlatformAdmin: true })).id;
  const raw: ResourceRawInput = {
    kind: "toolkit",
    url: "https://example.org/resource",
    ...overrides,
    title: overrides.title ?? { en: `${XSS} Wetland toolkit`, ru: `${XSS} Методичка по водно-болотным угодьям` },
    description: overrides.description ?? { en: `${XSS} How to run a wetland survey.`, ru: `${XSS} Как провести обследование угодий.` },
    targets: overrides.targetIds ?? [],
  };
  const { fields, errors } = readResourceInput(raw, { targetIds: new Set(overrides.targetIds ?? []) });
  if (Object.keys(errors).length) throw new Error(`invalid test resource: ${JSON.stringify(errors)}`);
  const { id } = await saveResource(services, { spaceId: overrides.spaceId, fields, status: overrides.status ?? "published", actorUserId, now: services.clock.now() });
  return id;
}
