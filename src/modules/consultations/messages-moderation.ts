import type { MessageCatalog } from "../../platform/i18n/messages";

/** UI strings for consultations: moderation. */
export const moderationMessages: MessageCatalog = { en: {}, ru: {} };
