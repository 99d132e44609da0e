import { FALLBACK_LOCALE, type Locale } from "../../platform/i18n/locales";

/**
 * Kinds of actor an organisation can be, with stable keys (stored in the database, used in the API and
 * in filters) and labels per UI language. Built from the types the sources name: CBD discussion groups
 * and the Action Agenda's "Organization Types", the Aarhus programme in Kazakhstan, IOM's GRCP and the
 * UNDP/UNESCO accelerator (see shared/reference/actor-types.md). Never rename or reuse a key; add new ones.
 */
export type ActorType = { key: string; label: Record<"en" | "ru", string> };

export const ACTOR_TYPES = [
  { key: "ngo", label: { en: "Non-governmental organisation (NGO)", ru: "Неправительственная организация (НПО)" } },
  { key: "aarhus_centre", label: { en: "Aarhus centre", ru: "Орхусский центр" } },
  { key: "business", label: { en: "Business / private sector", ru: "Бизнес / частный сектор" } },
  { key: "local_government", label: { en: "Local or sub-national government", ru: "Местный или региональный орган власти" } },
  { key: "national_government", label: { en: "National government agency", ru: "Национальный государственный орган" } },
  { key: "iplc", label: { en: "Indigenous peoples and local communities (IPLC)", ru: "Коренные народы и местные сообщества" } },
  { key: "youth", label: { en: "Youth organisation", ru: "Молодёжная организация" } },
  { key: "women", label: { en: "Women's group", ru: "Женская организация" } },
  { key: "academia", label: { en: "Academia / research institute", ru: "Академическое или научное учреждение" } },
  { key: "farmers", label: { en: "Farmers' association", ru: "Фермерское объединение" } },
  { key: "financial_institution", label: { en: "Financial institution", ru: "Финансовое учреждение" } },
  { key: "un_agency", label: { en: "UN agency or specialised agency", ru: "Учреждение или специализированное агентство ООН" } },
  { key: "intergovernmental", label: { en: "Inter-governmental organisation", ru: "Межправительственная организация" } },
  { key: "regional_integration", label: { en: "Regional economic integration organisation", ru: "Организация региональной экономической интеграции" } },
  { key: "foundation", label: { en: "Foundation", ru: "Фонд" } },
  { key: "media", label: { en: "Media", ru: "Средства массовой информации" } },
  { key: "trade_union", label: { en: "Trade union", ru: "Профессиональный союз" } },
  { key: "consumer_organisation", label: { en: "Consumer organisation", ru: "Организация потребителей" } },
  { key: "individual_expert", label: { en: "Independent expert", ru: "Независимый эксперт" } },
  { key: "other", label: { en: "Other", ru: "Другое" } },
] as const satisfies readonly ActorType[];

export type ActorTypeKey = (typeof ACTOR_TYPES)[number]["key"];

export const ACTOR_TYPE_KEYS = ACTOR_TYPES.map((type) => type.key) as [ActorTypeKey, ...ActorTypeKey[]];

const byKey = new Map<string, ActorType>(ACTOR_TYPES.map((type) => [type.key, type]));

export function isActorTypeKey(value: unknown): value is ActorTypeKey {
  return typeof value === "string" && byKey.has(value);
}

/** The label of an actor type in a UI language (English when that language has none; the key when unknown). */
export function actorTypeLabel(key: string, locale: Locale): string {
  const type = byKey.get(key);
  if (!type) return key;
  return type.label[locale as "en" | "ru"] ?? type.label[FALLBACK_LOCALE as "en"];
}

/** Every actor type with its label in one language, in list order (for selects and facets). */
export function listActorTypes(locale: Locale): { key: ActorTypeKey; label: string }[] {
  return ACTOR_TYPES.map((type) => ({ key: type.key, label: actorTypeLabel(type.key, locale) }));
}
