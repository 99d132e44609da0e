import type { EventPanel } from "../panels";

/** The unconference section of the event page (filled in by the unconference part). */
export const unconferencePanel: EventPanel = async () => null;
