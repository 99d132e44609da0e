import { AppError, forbidden, validationFailed } from "../../../platform/errors";
import { recordAudit } from "../../../platform/audit/record";
import { fieldErrorsFromZod } from "../../../platform/errors";
import type { Services } from "../../../platform/services";
import { memberRole } from "../../organisations/queries";
import { CommitmentCreateBody } from "../inputs";
import { canCommitAs, canCreateCommitment } from "../permissions";
import { spaceForViewer } from "../queries";
import { commitments } from "../schema";
import type { CommitmentActor } from "./actor";
import { lockCommitment, writeCommitmentFields } from "./write-commitment-fields";

/**
 * Starts a commitment as a draft in a space, on behalf of one of the actor's organisations (any member
 * may) or of the actor themself (`organisationId` empty: an individual commitment, template "person").
 * Any fields given are saved with it. Audited.
 */
export async function createCommitment(
  services: Services,
  actor: CommitmentActor,
  spaceSlugOrId: string,
  input: CommitmentCreateBody | Record<string, unknown>,
  ip: string | null = null,
): Promise<{ id: string; number: number; spaceSlug: string }> {
  const parsed = CommitmentCreateBody.safeParse(input);
  if (!parsed.success) throw validationFailed(fieldErrorsFromZod(parsed.error));
  const { organisationId, template: requestedTemplate, ...fields } = parsed.data;
  const space = await spaceForViewer(services.db, spaceSlugOrId, actor);
  const isAllowed = canCreateCommitment({
    isSignedIn: true,
    isEmailVerified: actor.isEmailVerified,
    canViewSpace: true,
    enabledModules: space.enabledModules,
    isArchived: space.archivedAt !== null,
  });
  if (!isAllowed) throw forbidden();
  const role = organisationId ? await memberRole(services.db, organisationId, actor.id) : null;
  if (!canCommitAs(organisationId ? { kind: "organisation", role } : { kind: "person" })) {
    throw new AppError("forbidden", "error.forbidden", { organisationId: { key: "commitment.form.error.not_member" } });
  }
  // A person commits with the person template; an organisation with one of the others.
  const template = organisationId ? (requestedTemplate === "person" ? "organisation" : requestedTemplate) : "person";
  return services.db.transaction(async (tx) => {
    const now = services.clock.now();
    const [row] = await tx
      .insert(commitments)
      .values({
        spaceId: space.id,
        organisationId: organisationId ?? null,
        personUserId: organisationId ? null : actor.id,
        createdBy: actor.id,
        template,
        title: {},
        coverage: template === "local_government" ? "local" : "national",
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: commitments.id, number: commitments.number });
    if (Object.keys(fields).length) await writeCommitmentFields(tx, await lockCommitment(tx, row.id), fields, now);
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "commitment.created",
      subjectType: "commitment",
      subjectId: row.id,
      spaceId: space.id,
      details: { number: row.number, organisationId: organisationId ?? null, template },
      ip,
    });
    return { id: row.id, number: row.number, spaceSlug: space.slug };
  });
}
