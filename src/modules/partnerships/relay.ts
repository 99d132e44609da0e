import { AppError } from "../../platform/errors";
import { localizedString } from "../../platform/i18n/localized";
import type { RelayKind } from "../../platform/relay/kinds";
import { listMembers } from "../organisations/queries";
import { findSpaceById, getSpaceForViewer } from "../spaces/queries";
import { findPostById, isLive, postPath } from "./queries";

/**
 * Relay kind "partnership": /contact/partnership/<post id> is a contact request about one offer or need, mailed to
 * the admins of the organisation that published it at their account addresses — no address is ever shown, to
 * either side. Only live posts of spaces the viewer may see resolve (anything else is the relay's 404); writing
 * takes an account (partners introduce themselves), and the organisation's own admins do not write to themselves.
 */
export const partnershipRelayKind: RelayKind = {
  kind: "partnership",
  async resolve(services, id, context) {
    const post = await findPostById(services.db, id);
    if (!post || !isLive(post, services.clock.now())) return null;
    const space = await findSpaceById(services.db, post.spaceId);
    if (!space || !space.enabledModules.includes("partnerships")) return null;
    try {
      await getSpaceForViewer(services.db, space.slug, context.viewer);
    } catch (error) {
      if (error instanceof AppError && error.code === "not_found") return null;
      throw error;
    }
    const admins = (await listMembers(services.db, post.organisationId)).filter((member) => member.role === "admin");
    return {
      recipients: admins.map((admin) => ({ userId: admin.userId })),
      label: `${localizedString(post.title, context.locale)} — ${localizedString(post.organisationName, context.locale)}`,
      backUrl: postPath(space.slug, post.id),
      spaceId: post.spaceId,
      canContact: (viewer) => viewer !== null && !admins.some((admin) => admin.userId === viewer.id),
    };
  },
};
