import type { MessageCatalog } from "../../platform/i18n/messages";

export const statsMessages: MessageCatalog = { en: {}, ru: {} };
