import type { MessageCatalog } from "../../platform/i18n/messages";

export const browseMessages: MessageCatalog = { en: {}, ru: {} };
