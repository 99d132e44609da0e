import type { ModuleManifest } from "../../platform/module";

export const organisationsModule: ModuleManifest = {
  name: "organisations",
};
