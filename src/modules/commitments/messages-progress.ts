import type { MessageCatalog } from "../../platform/i18n/messages";

export const progressMessages: MessageCatalog = { en: {}, ru: {} };
