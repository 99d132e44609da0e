import type { MessageCatalog } from "../../../platform/i18n/messages";

/** UI strings of the agenda part of events. */
export const eventAgendaMessages: MessageCatalog = { en: {}, ru: {} };
