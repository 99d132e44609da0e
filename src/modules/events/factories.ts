import type { Services } from "../../platform/services";
import { XSS } from "../../testing/factories";
import { buildSpace, type BuiltSpace } from "../spaces/factories";
import { createEvent, setEventStatus, setRegistrationState } from "./commands/save-event";
import { eventFieldDefaults, type EventFields } from "./inputs";
import type { EventView } from "./queries";

export type BuiltEvent = EventView & { space: BuiltSpace };

/**
 * An event made through the real commands, in a public space with events switched on (made on demand), a week
 * after the test clock's now for two hours, Berlin time, published with registration open unless told
 * otherwise. Text fields carry a script tag, so every page showing the event also proves escaping.
 */
export async function buildEvent(
  services: Services,
  overrides: Partial<EventFields> & { space?: BuiltSpace; status?: "draft" | "published" | "cancelled"; registration?: "open" | "closed" } = {},
): Promise<BuiltEvent> {
  const space = overrides.space ?? (await buildSpace(services, { enabledModules: ["events"] }));
  const startsAt = overrides.startsAt ?? new Date(services.clock.now().getTime() + 7 * 86_400_000);
  const fields: EventFields = {
    slug: null,
    kind: "hybrid",
    visibility: "public",
    title: { en: `${XSS} Round table`, ru: `${XSS} Круглый стол` },
    summary: { en: `${XSS} What the round table is about.`, ru: `${XSS} О чём круглый стол.` },
    description: { en: `${XSS} The **programme** of the day.`, ru: `${XSS} **Программа** дня.` },
    startsAt,
    endsAt: overrides.endsAt ?? new Date(startsAt.getTime() + 2 * 3_600_000),
    timeZone: "Europe/Berlin",
    venueName: "Aarhus Centre",
    venueAddress: "1 Main Street, Almaty",
    country: "KZ",
    meetingUrl: "https://meet.example.org/secret-room-4711",
    languages: ["ru", "en"],
    ...eventFieldDefaults(),
    ...overrides,
  };
  const actor = { id: space.createdBy };
  let event = await createEvent(services, actor, space.id, fields);
  const status = overrides.status ?? "published";
  if (status !== "draft") event = await setEventStatus(services, actor, event.id, "published");
  if (status === "published" && (overrides.registration ?? "open") === "open" && !fields.isExternal) event = await setRegistrationState(services, actor, event.id, "open");
  if (status === "cancelled") event = await setEventStatus(services, actor, event.id, "cancelled");
  return { ...event, space };
}
