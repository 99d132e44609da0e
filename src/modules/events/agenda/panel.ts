import type { EventPanel } from "../panels";

/** The agenda section of the event page (filled in by the agenda part). */
export const agendaPanel: EventPanel = async () => null;
