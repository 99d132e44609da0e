import { isCountryCode } from "../../platform/countries";
import { AppError, type FieldErrors } from "../../platform/errors";
import { isActorTypeKey } from "../organisations/actor-types";
import { ROSTER_STANDINGS, type RosterFilters } from "./queries";

/**
 * The roster's filters from the query string; a value that is not one of the choices is a 422 naming the field
 * (the page, CSV and API read the same filters).
 */
export function rosterFilters(query: Record<string, unknown>): RosterFilters {
  const text = (name: string) => (typeof query[name] === "string" ? (query[name] as string) : "");
  const filters: RosterFilters = { actorType: text("actor_type"), country: text("country").toUpperCase(), standing: text("standing") as RosterFilters["standing"] };
  const errors: FieldErrors = {};
  if (filters.actorType && !isActorTypeKey(filters.actorType)) errors.actor_type = { key: "memorandum.roster.error.bad_filter" };
  if (filters.country && !isCountryCode(filters.country)) errors.country = { key: "memorandum.roster.error.bad_filter" };
  if (filters.standing && !(ROSTER_STANDINGS as readonly string[]).includes(filters.standing)) errors.standing = { key: "memorandum.roster.error.bad_filter" };
  if (Object.keys(errors).length) throw new AppError("validation_failed", "memorandum.roster.error.bad_filter", errors);
  return filters;
}
