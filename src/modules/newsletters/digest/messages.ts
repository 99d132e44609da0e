import type { MessageCatalog } from "../../../platform/i18n/messages";

export const newsletterDigestMessages: MessageCatalog = {
  en: {
    "newsletters.digest.period": "{since} – {until}",
    "newsletters.digest.subject.weekly": "This week in {space} ({period})",
    "newsletters.digest.subject.monthly": "This month in {space} ({period})",
    "newsletters.digest.intro": "What happened in {space} ({period}).",
    "newsletters.digest.preferences": "Change what you receive",
    "newsletters.digest.unsubscribe": "Unsubscribe",
  },
  ru: {
    "newsletters.digest.period": "{since} – {until}",
    "newsletters.digest.subject.weekly": "Неделя в пространстве «{space}» ({period})",
    "newsletters.digest.subject.monthly": "Месяц в пространстве «{space}» ({period})",
    "newsletters.digest.intro": "Что произошло в пространстве «{space}» ({period}).",
    "newsletters.digest.preferences": "Изменить, что я получаю",
    "newsletters.digest.unsubscribe": "Отписаться",
  },
};
