import type { MessageCatalog } from "../../platform/i18n/messages";

/** UI strings for consultations: contributions. */
export const contributionsMessages: MessageCatalog = { en: {}, ru: {} };
