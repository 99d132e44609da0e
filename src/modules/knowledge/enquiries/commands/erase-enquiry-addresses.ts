import { sql } from "drizzle-orm";
import { queryRows } from "../../../../db/sql";
import { DAY_MS } from "../../../../platform/clock";
import type { Services } from "../../../../platform/services";

/** How long a visitor's name and address are kept after their enquiry was answered or closed. */
export const VISITOR_ADDRESS_KEPT_DAYS = 90;
export const ERASE_ADDRESSES_JOB = "knowledge.enquiries.erase_addresses";

/**
 * Erases the name and address of visitors whose enquiry was answered or closed more than
 * VISITOR_ADDRESS_KEPT_DAYS ago: they were kept only to reply. The question and the answer stay for the
 * secretariat. Members' enquiries hold no address (theirs is in their account). Returns how many were erased.
 */
export async function eraseEnquiryAddresses(services: Services): Promise<number> {
  const now = services.clock.now();
  const before = new Date(now.getTime() - VISITOR_ADDRESS_KEPT_DAYS * DAY_MS);
  const rows = await queryRows<{ id: string }>(
    services.db,
    sql`update knowledge_enquiries set asker_email = null, asker_name = '', address_erased_at = ${now}, updated_at = ${now}
        where asker_user_id is null and address_erased_at is null and status in ('answered', 'closed')
          and coalesce(closed_at, answered_at) < ${before}
        returning id`,
  );
  return rows.length;
}
