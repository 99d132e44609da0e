import { sql } from "drizzle-orm";
import { queryRows } from "../../../db/sql";
import { recordAudit } from "../../../platform/audit/record";
import { validationFailed } from "../../../platform/errors";
import { cleanLocalized, type LocalizedText } from "../../../platform/i18n/localized";
import type { Services } from "../../../platform/services";
import type { Actor } from "../commands/save-event";

const SERIES_TITLE_MAX = 200;

/** Starts a series of events in a space (a name in one or more languages); audited. */
export async function createSeries(services: Services, actor: Actor, spaceId: string, title: LocalizedText): Promise<string> {
  const cleaned = cleanLocalized(title);
  if (!Object.keys(cleaned).length) throw validationFailed({ title: { key: "validation.localized_required" } });
  if (Object.values(cleaned).some((text) => (text ?? "").length > SERIES_TITLE_MAX)) throw validationFailed({ title: { key: "validation.too_long", values: { max: SERIES_TITLE_MAX } } });
  return services.db.transaction(async (tx) => {
    const [row] = await queryRows<{ id: string }>(tx, sql`insert into event_series (space_id, title) values (${spaceId}, ${JSON.stringify(cleaned)}::jsonb) returning id`);
    await recordAudit(tx, { actorUserId: actor.id, action: "event_series.created", subjectType: "event_series", subjectId: row!.id, spaceId, ip: actor.ip ?? null });
    return row!.id;
  });
}
