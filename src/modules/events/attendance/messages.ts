import type { MessageCatalog } from "../../../platform/i18n/messages";

/** UI strings of the attendance part of events. */
export const eventAttendanceMessages: MessageCatalog = { en: {}, ru: {} };
