import { sql } from "drizzle-orm";
import type { FastifyRequest } from "fastify";
import { queryRows } from "../../../db/sql";
import { validationFailed } from "../../../platform/errors";
import type { LocalizedText } from "../../../platform/i18n/localized";
import { spaceFrameworkItems, type ViewedSpace } from "../../spaces/queries";
import { readEventInput, type EventRawInput } from "../inputs";
import { spaceSeries } from "./list-queries";

/** Everything a form may choose from in a space: its frameworks' items, its series, organisations. */
export async function formChoices(request: FastifyRequest, space: ViewedSpace) {
  const db = request.server.services.db;
  const [frameworks, series, organisations] = await Promise.all([
    spaceFrameworkItems(db, space.id),
    spaceSeries(db, space.id),
    // Organisers of a space may name any organisation as an event's organiser (a partner's meeting too).
    queryRows<{ id: string; name: LocalizedText }>(db, sql`select id, name from organisations order by coalesce(name->>'en', name->>'ru', slug) limit 2000`),
  ]);
  return { frameworks, series, organisations };
}

/** Checks a form or API body against the space's choices; throws validation_failed with each field's problem. */
export async function checkedEventFields(request: FastifyRequest, space: ViewedSpace, raw: EventRawInput) {
  const choices = await formChoices(request, space);
  const { fields, errors } = readEventInput(raw, {
    targetIds: new Set(choices.frameworks.flatMap((group) => group.items.map((item) => item.id))),
    seriesIds: new Set(choices.series.map((series) => series.id)),
    organisationIds: new Set(choices.organisations.map((organisation) => organisation.id)),
  });
  if (Object.keys(errors).length) throw validationFailed(errors);
  return fields;
}

