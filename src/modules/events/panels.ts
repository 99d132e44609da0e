import type { FastifyRequest } from "fastify";
import type { SafeHtml } from "../../platform/html";
import type { ViewContext } from "../../platform/http/context";
import type { ViewedSpace } from "../spaces/queries";
import { agendaPanel } from "./agenda/panel";
import { attendancePanel } from "./attendance/panel";
import type { EventView } from "./queries";
import { registrationPanel } from "./registration/panel";
import { unconferencePanel } from "./unconference/panel";

/** What an event page gives each part that adds a section to it. */
export type EventPanelContext = {
  request: FastifyRequest;
  view: ViewContext;
  space: ViewedSpace;
  event: EventView;
  canManage: boolean;
  now: Date;
};

/**
 * A section of the event page contributed by one part of events (registration, the personal join link, the
 * agenda, the unconference): `main` goes in the page's body in this order, `aside` beside it (organisers' tools,
 * the viewer's own registration), `action` under the title as the page's primary button (register). Any may be null.
 */
export type EventPanel = (context: EventPanelContext) => Promise<{ main?: SafeHtml | null; aside?: SafeHtml | null; action?: SafeHtml | null } | null>;

/** The event page's sections, in page order. Each part owns its function; the page only lays them out. */
export const EVENT_PANELS: EventPanel[] = [registrationPanel, attendancePanel, agendaPanel, unconferencePanel];
