import { and, eq, sql } from "drizzle-orm";
import { recordAudit } from "../../../../platform/audit/record";
import { conflict, notFound, validationFailed, type FieldErrors } from "../../../../platform/errors";
import { isLocale } from "../../../../platform/i18n/locales";
import { decidePosting, linkHeldPost } from "../../../../platform/moderation/gate";
import type { Services } from "../../../../platform/services";
import { eventProposals, eventUnconferenceSlots } from "../../schema";
import type { EventView } from "../../queries";
import { PROPOSAL_SUBJECT } from "../moderation-subject";
import type { ProposalView } from "../queries";
import { requireUnconference } from "./configure-unconference";

export const PROPOSAL_TITLE_MAX = 200;
export const PROPOSAL_DESCRIPTION_MAX = 4000;
export const PROPOSAL_FORMATS = ["discussion", "workshop", "presentation", "fishbowl", "demo", "other"] as const;

/** What a host fills in: the proposal's own fields. */
export type ProposalInput = Pick<ProposalView, "title" | "description" | "format" | "language" | "availableSlotIds" | "preferredSlotIds">;

/**
 * A participant proposes a session while the unconference takes proposals: they host it. The text passes the
 * space's moderation gate (blocked → 403, over the posting limit → 429, screened or a first post → held as
 * "pending" with the reason shown to them). Slots must be the event's; preferred ones among the available.
 */
export async function submitProposal(services: Services, host: { id: string }, event: EventView, input: ProposalInput, context: { ip?: string | null } = {}): Promise<{ id: string; status: "published" | "pending"; reason: string }> {
  const title = input.title.trim();
  const description = input.description.trim();
  const errors: FieldErrors = {};
  if (!title) errors.title = { key: "validation.required" };
  else if (title.length > PROPOSAL_TITLE_MAX) errors.title = { key: "validation.too_long", values: { max: PROPOSAL_TITLE_MAX } };
  if (description.length > PROPOSAL_DESCRIPTION_MAX) errors.description = { key: "validation.too_long", values: { max: PROPOSAL_DESCRIPTION_MAX } };
  if (!PROPOSAL_FORMATS.some((format) => format === input.format)) errors.format = { key: "validation.invalid_value" };
  if (input.language && !isLocale(input.language)) errors.language = { key: "validation.invalid_value" };
  const available = [...new Set(input.availableSlotIds)];
  const preferred = [...new Set(input.preferredSlotIds)];
  if (available.length && preferred.some((id) => !available.includes(id))) errors.preferredSlotIds = { key: "events.unconference.error.preferred_not_available" };
  if (Object.keys(errors).length) throw validationFailed(errors);
  const now = services.clock.now();
  return services.db.transaction(async (tx) => {
    const unconference = await requireUnconference(tx, event.id);
    if (unconference.state !== "proposals") throw conflict("events.unconference.error.proposals_closed");
    const slotIds = new Set((await tx.select({ id: eventUnconferenceSlots.id }).from(eventUnconferenceSlots).where(eq(eventUnconferenceSlots.eventId, event.id))).map((row) => row.id));
    if ([...available, ...preferred].some((id) => !slotIds.has(id))) throw validationFailed({ availableSlotIds: { key: "validation.invalid_value" } });
    const decision = await decidePosting(tx, { spaceId: event.spaceId, userId: host.id, subjectType: PROPOSAL_SUBJECT, text: `${title}\n${description}`, language: input.language, now });
    const status = decision.status === "held" ? "pending" : "published";
    const [row] = await tx
      .insert(eventProposals)
      .values({ eventId: event.id, hostUserId: host.id, title, description, format: input.format, language: input.language, availableSlotIds: available, preferredSlotIds: preferred, status, moderationReason: decision.reason, createdAt: now, updatedAt: now })
      .returning({ id: eventProposals.id });
    if (decision.status === "held") await linkHeldPost(tx, { spaceId: event.spaceId, userId: host.id, subjectType: PROPOSAL_SUBJECT, subjectId: row!.id });
    await recordAudit(tx, { actorUserId: host.id, action: "events.unconference.proposed", subjectType: PROPOSAL_SUBJECT, subjectId: row!.id, spaceId: event.spaceId, details: { eventId: event.id, status }, ip: context.ip ?? null });
    return { id: row!.id, status, reason: decision.reason };
  });
}

/** The host withdraws their proposal (its votes go back to the voters; a scheduled place is freed). */
export async function withdrawProposal(services: Services, host: { id: string }, event: EventView, proposalId: string, context: { ip?: string | null } = {}): Promise<void> {
  if (!/^[0-9a-f-]{36}$/i.test(proposalId)) throw notFound();
  await services.db.transaction(async (tx) => {
    await requireUnconference(tx, event.id);
    const changed = await tx
      .update(eventProposals)
      .set({ status: "withdrawn", votes: 0, updatedAt: services.clock.now() })
      .where(and(eq(eventProposals.id, proposalId), eq(eventProposals.eventId, event.id), eq(eventProposals.hostUserId, host.id), sql`${eventProposals.status} <> 'withdrawn'`))
      .returning({ id: eventProposals.id });
    if (!changed.length) throw notFound();
    await tx.execute(sql`delete from event_proposal_votes where proposal_id = ${proposalId}`);
    await tx.execute(sql`delete from event_unconference_schedule where proposal_id = ${proposalId}`);
    await recordAudit(tx, { actorUserId: host.id, action: "events.unconference.withdrawn", subjectType: PROPOSAL_SUBJECT, subjectId: proposalId, spaceId: event.spaceId, details: { eventId: event.id }, ip: context.ip ?? null });
  });
}
