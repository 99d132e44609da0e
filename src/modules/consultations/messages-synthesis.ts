import type { MessageCatalog } from "../../platform/i18n/messages";

/** UI strings for consultations: synthesis. */
export const synthesisMessages: MessageCatalog = { en: {}, ru: {} };
