import type { MessageCatalog } from "../../platform/i18n/messages";

export const openDataMessages: MessageCatalog = { en: {}, ru: {} };
