import type { Locale } from "../../platform/i18n/locales";
import { translator } from "../../platform/i18n/messages";

/**
 * Kinds of actor an organisation can be, with stable keys (stored in the database, used in the API and
 * in filters) and labels per UI language. Built from the types the sources name: CBD discussion groups
 * and the Action Agenda's "Organization Types", the Aarhus programme in Kazakhstan, IOM's GRCP and the
 * UNDP/UNESCO accelerator (see shared/reference/actor-types.md). Never rename or reuse a key; add new ones.
 */
export type ActorType = { key: string };

// Labels are messages, `org.actor_type.<key>` in this module's catalogs, so translators see them with the rest.
export const ACTOR_TYPES = [
  { key: "ngo" },
  { key: "aarhus_centre" },
  { key: "business" },
  { key: "local_government" },
  { key: "national_government" },
  { key: "iplc" },
  { key: "youth" },
  { key: "women" },
  { key: "academia" },
  { key: "farmers" },
  { key: "financial_institution" },
  { key: "un_agency" },
  { key: "intergovernmental" },
  { key: "regional_integration" },
  { key: "foundation" },
  { key: "media" },
  { key: "trade_union" },
  { key: "consumer_organisation" },
  { key: "individual_expert" },
  { key: "other" },
] as const satisfies readonly ActorType[];

export type ActorTypeKey = (typeof ACTOR_TYPES)[number]["key"];

export const ACTOR_TYPE_KEYS = ACTOR_TYPES.map((type) => type.key) as [ActorTypeKey, ...ActorTypeKey[]];

const byKey = new Map<string, ActorType>(ACTOR_TYPES.map((type) => [type.key, type]));

export function isActorTypeKey(value: unknown): value is ActorTypeKey {
  return typeof value === "string" && byKey.has(value);
}

/** The label of an actor type in a UI language (English when that language has none; the key when unknown). */
export function actorTypeLabel(key: string, locale: Locale): string {
  return byKey.has(key) ? translator(locale)(`org.actor_type.${key}`) : key;
}

/** Every actor type with its label in one language, in list order (for selects and facets). */
export function listActorTypes(locale: Locale): { key: ActorTypeKey; label: string }[] {
  return ACTOR_TYPES.map((type) => ({ key: type.key, label: actorTypeLabel(type.key, locale) }));
}
