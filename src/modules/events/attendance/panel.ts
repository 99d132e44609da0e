import type { EventPanel } from "../panels";

/** The attendance section of the event page (filled in by the attendance part). */
export const attendancePanel: EventPanel = async () => null;
