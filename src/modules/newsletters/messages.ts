import type { MessageCatalog } from "../../platform/i18n/messages";

/** Strings shared by the newsletter parts (each part keeps its own catalogue next to its routes). */
export const newsletterMessages: MessageCatalog = {
  en: {},
  ru: {},
};
