import type { MessageCatalog } from "../../../platform/i18n/messages";

/** UI strings of the registration part of events. */
export const eventRegistrationMessages: MessageCatalog = { en: {}, ru: {} };
