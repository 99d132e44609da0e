import { sql } from "drizzle-orm";
import { queryRows } from "../../../db/sql";
import { claimSeat, ensureSeatPool } from "../../../platform/seats/seats";
import type { Services } from "../../../platform/services";
import { buildUser, type BuiltUser } from "../../../testing/factories";
import { EVENT_POOL } from "../schema";
import { newCheckInCode } from "./codes";

export type BuiltRegistration = { id: string; claimId: string; checkInCode: string; user: BuiltUser; status: string };

/**
 * A registration for tests of attendance, made straight through the platform's seats (claimSeat) plus an
 * event_registrations row, so attendance does not depend on the registration form. `needsApproval` leaves it
 * pending; a full event puts it on the waitlist, as claimSeat decides.
 */
export async function buildRegistration(
  services: Services,
  event: { id: string },
  overrides: { user?: BuiltUser; organisationId?: string | null; constituency?: string | null; needsApproval?: boolean } = {},
): Promise<BuiltRegistration> {
  const user = overrides.user ?? (await buildUser(services));
  const poolId = await ensureSeatPool(services.db, { kind: EVENT_POOL, ownerId: event.id, capacity: null });
  const { claim } = await claimSeat(services.db, { poolId, holderId: user.id, needsApproval: overrides.needsApproval, now: services.clock.now() });
  const checkInCode = newCheckInCode();
  const [row] = await queryRows<{ id: string }>(
    services.db,
    sql`insert into event_registrations (event_id, user_id, claim_id, organisation_id, constituency, check_in_code, locale)
      values (${event.id}, ${user.id}, ${claim.id}, ${overrides.organisationId ?? null}, ${overrides.constituency ?? null}, ${checkInCode}, 'en') returning id`,
  );
  return { id: row.id, claimId: claim.id, checkInCode, user, status: claim.status };
}
