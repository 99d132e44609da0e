import type { MessageCatalog } from "../../platform/i18n/messages";

/** UI strings for consultations: open-data. */
export const openDataMessages: MessageCatalog = { en: {}, ru: {} };
