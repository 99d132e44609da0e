import type { DemoContext } from "../../platform/module";
import type { Services } from "../../platform/services";

export async function seedReportsDemo(_services: Services, _demo: DemoContext): Promise<void> {}
