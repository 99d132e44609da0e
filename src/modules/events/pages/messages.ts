import type { MessageCatalog } from "../../../platform/i18n/messages";

/** UI strings of the pages part of events. */
export const eventPagesMessages: MessageCatalog = { en: {}, ru: {} };
