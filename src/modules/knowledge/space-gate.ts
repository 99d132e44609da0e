import type { Database } from "../../db/client";
import { notFound } from "../../platform/errors";
import { getSpaceForViewer, type ViewedSpace } from "../spaces/queries";

type Viewer = Parameters<typeof getSpaceForViewer>[2];

/**
 * The parts of the hub whose pages and API exist in a space for different reasons:
 * - `hub`: guidance, FAQ, ask, enquiries, resources, glossary — the `knowledge` feature;
 * - `practices`: the good-practice compilation, which also shows what a space's consultations tagged, so either
 *   `knowledge` or `consultations` (a consultation space without the hub still shows its discussions' practices);
 * - `practice-submission`: submitting a practice directly, part of the hub — `knowledge`.
 */
export type KnowledgeFeature = "hub" | "practices" | "practice-submission";

const ENABLED_BY: Record<KnowledgeFeature, readonly string[]> = {
  hub: ["knowledge"],
  practices: ["knowledge", "consultations"],
  "practice-submission": ["knowledge"],
};

/** Whether a space has switched on what `feature` needs. */
export function hasKnowledgeFeature(space: { enabledModules: readonly string[] }, feature: KnowledgeFeature): boolean {
  return ENABLED_BY[feature].some((module) => space.enabledModules.includes(module));
}

/**
 * The space at `slug` for a part of its knowledge hub — the one gate every sub-feature's pages and API go through.
 * A space the viewer may not see (private, to outsiders) and one without the feature are the same 404 as a space
 * that does not exist, so neither can be detected.
 */
export async function loadKnowledgeSpace(db: Database, slug: string, viewer: Viewer, feature: KnowledgeFeature = "hub"): Promise<ViewedSpace> {
  const space = await getSpaceForViewer(db, slug, viewer);
  if (!hasKnowledgeFeature(space, feature)) throw notFound();
  return space;
}
