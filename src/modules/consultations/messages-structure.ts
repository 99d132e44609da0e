import type { MessageCatalog } from "../../platform/i18n/messages";

/** UI strings for consultations: structure. */
export const structureMessages: MessageCatalog = { en: {}, ru: {} };
