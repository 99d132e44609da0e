import type { MessageCatalog } from "../../platform/i18n/messages";

export const formMessages: MessageCatalog = { en: {}, ru: {} };
