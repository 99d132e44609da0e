import { recordAudit } from "../../../platform/audit/record";
import { forbidden, validationFailed } from "../../../platform/errors";
import { isCountryCode } from "../../../platform/countries";
import type { Services } from "../../../platform/services";
import { spaceRolesOf } from "../../spaces/queries";
import { canSetCountryAutoPublish } from "../permissions-review";
import type { ReviewActor } from "../review-context";
import { commitmentCountrySettings } from "../schema";

/**
 * A country's choice to publish every commitment naming it without a review window, made by a focal point
 * of that country or by a coordinator. Commitments already under review keep their window.
 */
export async function setCountryAutoPublish(
  services: Services,
  actor: ReviewActor,
  spaceId: string,
  input: { country: string; isAutoPublish: boolean; ip?: string | null },
): Promise<void> {
  const country = input.country.trim().toUpperCase();
  if (!isCountryCode(country)) throw validationFailed({ country: { key: "validation.invalid_value" } });
  await services.db.transaction(async (tx) => {
    const roles = await spaceRolesOf(tx, spaceId, actor.id);
    if (!canSetCountryAutoPublish(actor, roles, country)) throw forbidden();
    const now = services.clock.now();
    await tx
      .insert(commitmentCountrySettings)
      .values({ spaceId, country, isAutoPublish: input.isAutoPublish, updatedBy: actor.id, updatedAt: now })
      .onConflictDoUpdate({ target: [commitmentCountrySettings.spaceId, commitmentCountrySettings.country], set: { isAutoPublish: input.isAutoPublish, updatedBy: actor.id, updatedAt: now } });
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "commitment.country_auto_publish",
      subjectType: "space",
      subjectId: spaceId,
      spaceId,
      details: { country, isAutoPublish: input.isAutoPublish },
      ip: input.ip,
    });
  });
}
