import type { MessageCatalog } from "../../../platform/i18n/messages";

export const newsletterDigestMessages: MessageCatalog = { en: {}, ru: {} };
