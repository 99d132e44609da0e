import type { MessageCatalog } from "../../platform/i18n/messages";

export const reviewMessages: MessageCatalog = { en: {}, ru: {} };
