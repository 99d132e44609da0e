import type { MessageCatalog } from "../../../platform/i18n/messages";

export const newsletterAudienceMessages: MessageCatalog = { en: {}, ru: {} };
