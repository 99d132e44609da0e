import { eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows } from "../../../db/sql";
import { recordAudit } from "../../../platform/audit/record";
import { conflict, validationFailed } from "../../../platform/errors";
import { LOCALE_CODES } from "../../../platform/i18n/locales";
import type { LocalizedText } from "../../../platform/i18n/localized";
import { translator } from "../../../platform/i18n/messages";
import type { Services } from "../../../platform/services";
import { sessionParticipants } from "../queries-participation";
import { consultationBreakoutMembers, consultationBreakouts } from "../schema";

export const MAX_BREAKOUTS = 50;
export const SPLIT_MODES = ["round_robin", "manual"] as const;

const Input = z.object({
  count: z.coerce.number().int().min(1).max(MAX_BREAKOUTS),
  mode: z.enum(SPLIT_MODES),
});

export type BreakoutTarget = { spaceId: string; consultationId: string; groupId: string };

/** "Breakout 3" in every UI language, so each reader sees the name in theirs. */
export function breakoutName(number: number): LocalizedText {
  return Object.fromEntries(LOCALE_CODES.map((locale) => [locale, translator(locale)("consultation.participation.breakout.name", { number })]));
}

/**
 * Creates `count` breakout groups for a session and, with mode "round_robin", seats its participants (see
 * sessionParticipants) in turn: first person in breakout 1, second in 2, … With mode "manual" everyone stays
 * unseated for the facilitator to place. Existing breakouts are replaced only while nobody has posted in them
 * (their contributions would lose their breakout otherwise): then it is a conflict. The caller checked that
 * the person facilitates the group.
 */
export async function createBreakouts(services: Services, actorUserId: string, target: BreakoutTarget, values: Record<string, unknown>, ip: string | null = null): Promise<{ count: number; seated: number }> {
  const parsed = Input.safeParse(values);
  if (!parsed.success) {
    const fields = Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0] ?? "_"), { key: `consultation.participation.breakouts.error.${String(issue.path[0] ?? "count")}`, values: { max: MAX_BREAKOUTS } }]));
    throw validationFailed(fields);
  }
  const { count, mode } = parsed.data;
  return services.db.transaction(async (tx) => {
    const existing = await tx.select({ id: consultationBreakouts.id }).from(consultationBreakouts).where(eq(consultationBreakouts.groupId, target.groupId));
    if (existing.length) {
      const [used] = await queryRows<{ id: string }>(tx, sql`select id from consultation_contributions where breakout_id in (${sql.join(existing.map((row) => sql`${row.id}`), sql`, `)}) limit 1`);
      if (used) throw conflict("consultation.participation.breakouts.error.in_use", { count: { key: "consultation.participation.breakouts.error.in_use" } });
      await tx.delete(consultationBreakouts).where(inArray(consultationBreakouts.id, existing.map((row) => row.id)));
    }
    const now = services.clock.now();
    const created = await tx
      .insert(consultationBreakouts)
      .values(Array.from({ length: count }, (_, index) => ({ groupId: target.groupId, number: index + 1, name: breakoutName(index + 1), createdAt: now })))
      .returning({ id: consultationBreakouts.id, number: consultationBreakouts.number });
    created.sort((a, b) => a.number - b.number);
    let seated = 0;
    if (mode === "round_robin") {
      const participants = await sessionParticipants(tx, target);
      const seats = participants.map((person, index) => ({ groupId: target.groupId, userId: person.userId, breakoutId: created[index % count]!.id, createdAt: now }));
      if (seats.length) await tx.insert(consultationBreakoutMembers).values(seats);
      seated = seats.length;
    }
    await recordAudit(tx, {
      actorUserId,
      action: "consultation.breakouts.create",
      subjectType: "consultation_group",
      subjectId: target.groupId,
      spaceId: target.spaceId,
      details: { count, mode, seated, replaced: existing.length },
      ip,
    });
    return { count, seated };
  });
}
