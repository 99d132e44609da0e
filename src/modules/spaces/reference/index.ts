import type { LocalizedText } from "../../../platform/i18n/localized";
import aarhus from "./aarhus.json";
import cbdActionAreas from "./cbd-action-areas.json";
import gbf from "./gbf.json";
import gcm from "./gcm.json";
import sdgs from "./sdgs.json";

/**
 * The public frameworks every installation starts with, kept as our own data files (copied from the
 * published lists; Russian labels marked in `unofficial_locales` were written by Convene's authors).
 */
export type ReferenceFramework = {
  key: string;
  name: LocalizedText;
  description: LocalizedText;
  source: string;
  unofficial_locales: string[];
  items: { key: string; parent_key?: string | null; number: string | null; kind: string; label: LocalizedText }[];
};

export const REFERENCE_FRAMEWORKS: readonly ReferenceFramework[] = [sdgs, gbf, cbdActionAreas, gcm, aarhus];
