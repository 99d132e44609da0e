import { recordAudit } from "../../../platform/audit/record";
import { fieldErrorsFromZod, forbidden, validationFailed } from "../../../platform/errors";
import type { Services } from "../../../platform/services";
import type { Viewer } from "../../spaces/permissions";
import { CommitmentSettingsBody } from "../inputs";
import { canEditCommitmentSettings } from "../permissions";
import { spaceForViewer } from "../queries";
import { commitmentSpaceSettings } from "../schema";

/** A coordinator (or platform admin) sets a space's criteria, review window, status-light thresholds and mode. Audited. */
export async function updateCommitmentSettings(
  services: Services,
  actor: NonNullable<Viewer>,
  spaceSlugOrId: string,
  input: CommitmentSettingsBody | Record<string, unknown>,
  ip: string | null = null,
): Promise<void> {
  const space = await spaceForViewer(services.db, spaceSlugOrId, actor);
  if (!canEditCommitmentSettings(actor, space.viewerRoles)) throw forbidden();
  const parsed = CommitmentSettingsBody.safeParse(input);
  if (!parsed.success) throw validationFailed(fieldErrorsFromZod(parsed.error));
  const data = { ...parsed.data, criteria: [...new Set(parsed.data.criteria)] };
  // Yellow lies between the two thresholds, so red must come after green.
  if (data.redMonths <= data.greenMonths) throw validationFailed({ redMonths: { key: "commitment.form.settings.error.red_after_green" } });
  const now = services.clock.now();
  await services.db.transaction(async (tx) => {
    await tx
      .insert(commitmentSpaceSettings)
      .values({ spaceId: space.id, ...data, updatedAt: now })
      .onConflictDoUpdate({ target: commitmentSpaceSettings.spaceId, set: { ...data, updatedAt: now } });
    await recordAudit(tx, { actorUserId: actor.id, action: "commitment.settings_updated", subjectType: "space", subjectId: space.id, spaceId: space.id, details: data, ip });
  });
}
