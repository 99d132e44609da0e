import type { EventPanel } from "../panels";

/** The registration section of the event page (filled in by the registration part). */
export const registrationPanel: EventPanel = async () => null;
