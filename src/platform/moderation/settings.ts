import { eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { cachedLookup } from "../../db/lookup-cache";
import { moderationSettings } from "./schema";

export type ModerationSettings = {
  autoHideThreshold: number;
  premoderateFirstPosts: number;
  postsPerHour: number;
  newAccountPostsPerHour: number;
  newAccountDays: number;
  isScreeningEnabled: boolean;
};

/** The defaults of 0008_moderation.sql, for a space without a settings row. */
export const DEFAULT_MODERATION_SETTINGS: ModerationSettings = {
  autoHideThreshold: 3,
  premoderateFirstPosts: 0,
  postsPerHour: 30,
  newAccountPostsPerHour: 6,
  newAccountDays: 7,
  isScreeningEnabled: true,
};

/** The limits within which a coordinator may set each number (the table's check constraints). */
export const SETTING_RANGES = {
  autoHideThreshold: [1, 100],
  premoderateFirstPosts: [0, 50],
  postsPerHour: [1, 1000],
  newAccountPostsPerHour: [1, 1000],
  newAccountDays: [0, 365],
} as const;

/** A space's moderation settings (the defaults when it has no row). */
export async function moderationSettingsOf(db: Database, spaceId: string): Promise<ModerationSettings> {
  const [row] = await db.select().from(moderationSettings).where(eq(moderationSettings.spaceId, spaceId)).limit(1);
  if (!row) return { ...DEFAULT_MODERATION_SETTINGS };
  return {
    autoHideThreshold: row.autoHideThreshold,
    premoderateFirstPosts: row.premoderateFirstPosts,
    postsPerHour: row.postsPerHour,
    newAccountPostsPerHour: row.newAccountPostsPerHour,
    newAccountDays: row.newAccountDays,
    isScreeningEnabled: row.isScreeningEnabled,
  };
}

/**
 * `moderationSettingsOf` kept in the process (dropped when moderation_settings changes; read-only). Every post
 * asks, so a posting command reads it here before its transaction and hands it to `decidePosting`.
 */
export const cachedModerationSettingsOf = cachedLookup(["moderation_settings"], (db, spaceId: string) => moderationSettingsOf(db, spaceId));
