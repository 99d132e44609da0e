import type { DemoContext } from "../../platform/module";
import type { Services } from "../../platform/services";

/** Demo commitments at different stages with progress (idempotent). */
export async function seedCommitments(_services: Services, _demo: DemoContext): Promise<void> {}
