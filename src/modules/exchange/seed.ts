import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { and, eq } from "drizzle-orm";
import type { DemoContext } from "../../platform/module";
import type { Services } from "../../platform/services";
import { storeRecords } from "./commands/harvest";
import { parseDocument } from "./parse";
import { exchangeRuns } from "./schema";

const DEMO_FILE = "partner-commitments.cbd.json";
const DEMO_SPACE = "nature-action-agenda";

/**
 * The demo: a small bundled CBD-shaped document of a (made-up) partner registry, harvested into the nature space
 * once, with its report, so the commitments list shows a "From partner platforms" section.
 */
export async function seedExchangeDemo(services: Services, demo: DemoContext): Promise<void> {
  const spaceId = demo.spaceIds[DEMO_SPACE];
  if (!spaceId) return;
  const [done] = await services.db.select({ id: exchangeRuns.id }).from(exchangeRuns).where(and(eq(exchangeRuns.spaceId, spaceId), eq(exchangeRuns.origin, DEMO_FILE)));
  if (done) return;
  const parsed = parseDocument(readFileSync(join(dirname(fileURLToPath(import.meta.url)), "demo", DEMO_FILE), "utf8"));
  const now = services.clock.now();
  const report = await storeRecords(services.db, { spaceId, origin: DEMO_FILE, sourceSystem: parsed.sourceSystem, harvestedAt: now }, parsed.records);
  await services.db.insert(exchangeRuns).values({ spaceId, origin: DEMO_FILE, status: "done", format: parsed.format, report, createdBy: demo.adminUserId, createdAt: now, finishedAt: now });
}
