import type { MessageCatalog } from "../../../platform/i18n/messages";

export const newsletterIssuesMessages: MessageCatalog = { en: {}, ru: {} };
