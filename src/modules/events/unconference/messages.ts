import type { MessageCatalog } from "../../../platform/i18n/messages";

/** UI strings of the unconference part of events. */
export const eventUnconferenceMessages: MessageCatalog = { en: {}, ru: {} };
