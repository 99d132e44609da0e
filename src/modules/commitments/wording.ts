import type { FastifyInstance } from "fastify";
import { cachedLookup } from "../../db/lookup-cache";
import type { Database } from "../../db/client";
import type { Translate } from "../../platform/i18n/messages";
import { registerSpaceFeatureWording } from "../spaces/feature-wording";
import { findSpaceBySlug } from "../spaces/queries";
import { commitmentSettingsOf, type CommitmentSettings } from "./queries";

// One space calls its records commitments, another (a memorandum, seed 001) programme activities signed by
// signatories: same records, different words. Every message of this module that names the thing says
// "{mode, select, memorandum {…} other {…}}", and is told the space's mode here, once per request and once
// per mail, rather than by each caller (a caller that forgot used to print "commitment" in a memorandum).

export type CommitmentMode = CommitmentSettings["mode"];

const modeOfSpace = cachedLookup(["commitment_space_settings"], async (db, spaceId: string): Promise<CommitmentMode> => (await commitmentSettingsOf(db, spaceId)).mode);

/** The wording mode of a space (cached; inside a transaction read afresh). */
export function commitmentModeOf(db: Database, spaceId: string): Promise<CommitmentMode> {
  return modeOfSpace(db, spaceId);
}

/** A translator that passes `mode` to every message (a value the caller gives explicitly still wins). */
export function translateInMode(t: Translate, mode: CommitmentMode): Translate {
  return (key, values) => t(key, { mode, ...values });
}

/**
 * Every request to the routes registered on `app` whose URL names a space (`:slug`) speaks that space's
 * wording: pages, flash notices, error pages and API error messages alike. A space the visitor may not see
 * changes nothing they could notice: its route answers 404 as before. The links to this module on the
 * space's own page are worded by the mode too.
 */
export function speakSpaceWording(app: FastifyInstance): void {
  // The space's own page (another module's) links here: its link labels follow the mode as well.
  registerSpaceFeatureWording(app, "commitments", async (spaceId) => ({ mode: await commitmentModeOf(app.services.db, spaceId) }));
  app.addHook("preHandler", async (request) => {
    const slug = (request.params as { slug?: unknown } | undefined)?.slug;
    if (typeof slug !== "string") return;
    const space = await findSpaceBySlug(app.services.db, slug);
    if (!space) return;
    request.t = translateInMode(request.t, await commitmentModeOf(app.services.db, space.id));
  });
}
