import type { MessageCatalog } from "../../../platform/i18n/messages";

/** UI strings for the guidance library and FAQ (`knowledge.document.*`). */
export const guidanceMessages: MessageCatalog = {
  en: {
    "knowledge.document.error.translation_of_self": "A document cannot be a translation of itself.",
    "knowledge.document.error.translation_of_missing": "There is no document “{id}” in this space to be the original of this translation.",
  },
  ru: {
    "knowledge.document.error.translation_of_self": "Документ не может быть переводом самого себя.",
    "knowledge.document.error.translation_of_missing": "В этом пространстве нет документа «{id}», переводом которого был бы этот документ.",
  },
};
