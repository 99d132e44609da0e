import type { Database } from "../../../db/client";
import { notFound } from "../../../platform/errors";
import { getSpaceForViewer, type ViewedSpace } from "../../spaces/queries";

type Viewer = Parameters<typeof getSpaceForViewer>[2];

/**
 * A space's good practices exist where they can come from: its knowledge hub (practices organisations submit) or
 * its consultations (contributions facilitators tag as good practice) — so a consultation space without the hub
 * still shows the practices its discussions produced. With neither feature on, the pages and the API are a 404,
 * like the rest of the hub. Submitting a practice directly is part of the hub: it needs the knowledge feature.
 */
export async function practiceSpace(db: Database, slug: string, viewer: Viewer, options: { isSubmission?: boolean } = {}): Promise<ViewedSpace> {
  const space = await getSpaceForViewer(db, slug, viewer);
  const features = space.enabledModules;
  const isOn = features.includes("knowledge") || (!options.isSubmission && features.includes("consultations"));
  if (!isOn) throw notFound();
  return space;
}
