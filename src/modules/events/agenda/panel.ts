import type { Database } from "../../../db/client";
import type { ViewedSpace } from "../../spaces/queries";
import type { EventPanel } from "../panels";
import { eventPhase, type EventView } from "../queries";
import { hasConfirmedRegistration, listSessions, viewerAgenda } from "./queries";
import { agendaSection, type AgendaSectionData } from "./views/agenda-section";

/** What the agenda section needs, read in parallel: the sessions, the viewer's marks and seats, their registration. */
export async function agendaPanelData(
  db: Database,
  input: { space: ViewedSpace; event: EventView; canManage: boolean; userId: string | null; now: Date },
): Promise<AgendaSectionData> {
  const { event, userId } = input;
  const [sessions, viewer, isRegistered] = await Promise.all([
    listSessions(db, event.id),
    viewerAgenda(db, event.id, userId),
    userId ? hasConfirmedRegistration(db, event.id, userId) : Promise.resolve(false),
  ]);
  return { spaceSlug: input.space.slug, event, sessions, viewer, canManage: input.canManage, isRegistered, isEnded: eventPhase(event, input.now) === "ended" };
}

/** The agenda section of the event page: sessions by day with their people, seats and material, closing notes. */
export const agendaPanel: EventPanel = async (context) => {
  const data = await agendaPanelData(context.request.server.services.db, {
    space: context.space,
    event: context.event,
    canManage: context.canManage,
    userId: context.view.user?.id ?? null,
    now: context.now,
  });
  const main = agendaSection(context.view, data);
  return main ? { main } : null;
};
