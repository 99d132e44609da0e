import { z } from "zod";
import { validationFailed, fieldErrorsFromZod } from "../../errors";
import type { Services } from "../../services";
import { moderationLog, moderationSettings } from "../schema";
import { moderationSettingsOf, SETTING_RANGES, type ModerationSettings } from "../settings";

const whole = (range: readonly [number, number]) =>
  z.preprocess((value) => (typeof value === "string" && value.trim() === "" ? undefined : value), z.coerce.number().int().min(range[0]).max(range[1]));

/** The settings form: each number within the table's limits; screening is a checkbox (absent = off). */
export const ModerationSettingsBody = z.object({
  autoHideThreshold: whole(SETTING_RANGES.autoHideThreshold),
  premoderateFirstPosts: whole(SETTING_RANGES.premoderateFirstPosts),
  postsPerHour: whole(SETTING_RANGES.postsPerHour),
  newAccountPostsPerHour: whole(SETTING_RANGES.newAccountPostsPerHour),
  newAccountDays: whole(SETTING_RANGES.newAccountDays),
  isScreeningEnabled: z.preprocess((value) => value === "on" || value === "true" || value === true, z.boolean()),
});

/**
 * Saves a space's moderation settings (the caller checked the actor may manage the space) and logs what
 * changed, e.g. "autoHideThreshold: 3 → 2". New posting limits apply to the next post.
 */
export async function updateModerationSettings(services: Services, actor: { id: string }, spaceId: string, values: Record<string, unknown>): Promise<ModerationSettings> {
  const parsed = ModerationSettingsBody.safeParse(values);
  if (!parsed.success) throw validationFailed(fieldErrorsFromZod(parsed.error));
  const next: ModerationSettings = parsed.data;
  const now = services.clock.now();
  await services.db.transaction(async (tx) => {
    const before = await moderationSettingsOf(tx, spaceId);
    await tx
      .insert(moderationSettings)
      .values({ spaceId, ...next, updatedBy: actor.id, updatedAt: now })
      .onConflictDoUpdate({ target: moderationSettings.spaceId, set: { ...next, updatedBy: actor.id, updatedAt: now } });
    const changes = (Object.keys(next) as (keyof ModerationSettings)[]).filter((key) => before[key] !== next[key]).map((key) => `${key}: ${String(before[key])} → ${String(next[key])}`);
    if (changes.length) await tx.insert(moderationLog).values({ spaceId, subjectType: "space", subjectId: spaceId, action: "settings_changed", reason: changes.join("; "), actorId: actor.id, createdAt: now });
  });
  return next;
}
