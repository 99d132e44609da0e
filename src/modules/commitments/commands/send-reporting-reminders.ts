import { sql } from "drizzle-orm";
import { queryRows } from "../../../db/sql";
import type { LocalizedText } from "../../../platform/i18n/localized";
import type { Services } from "../../../platform/services";
import { findSpaceById } from "../../spaces/queries";
import { authorContacts } from "../queries-review";
import { commitmentUrl, queueCommitmentMail } from "../review-mail";

/** Job kind: mails owners whose next progress report is due soon or overdue (daily). */
export const REPORTING_REMINDERS_JOB = "commitments.reporting-reminders";
/** Owners hear about a report this many days before it is due. */
export const REMINDER_LEAD_DAYS = 14;

type DueRow = {
  id: string;
  number: number | string;
  space_id: string;
  organisation_id: string | null;
  person_user_id: string | null;
  created_by: string | null;
  title: LocalizedText;
  due_date: string | Date;
};

const dayOf = (value: string | Date): string => (typeof value === "string" ? value.slice(0, 10) : value.toISOString().slice(0, 10));

/**
 * A published, unfinished commitment's next report is due `green_months` after its last report (or its
 * publication). Owners of those due within REMINDER_LEAD_DAYS or overdue get one mail per due date: the
 * reminder row and the mail are written in one transaction, and a later run skips dates already reminded.
 */
export async function sendReportingReminders(services: Services): Promise<number> {
  const now = services.clock.now();
  const today = now.toISOString().slice(0, 10);
  const due = await queryRows<DueRow>(services.db, sql`
    select * from (
      select c.id, c.number, c.space_id, c.organisation_id, c.person_user_id, c.created_by, c.title,
        (coalesce(c.last_report_at, (c.published_at at time zone 'UTC')::date)
          + make_interval(months => coalesce(s.green_months, 12)))::date as due_date
      from commitments c
      left join commitment_space_settings s on s.space_id = c.space_id
      where c.status = 'published' and c.stage <> 'completed' and c.published_at is not null
    ) candidates
    where due_date <= ${today}::date + ${REMINDER_LEAD_DAYS}::int
      and not exists (select 1 from commitment_reminders r where r.commitment_id = candidates.id and r.due_date = candidates.due_date)
    order by due_date, number
    limit 1000`);
  let sent = 0;
  for (const row of due) {
    const dueDate = dayOf(row.due_date);
    const isSent = await services.db.transaction(async (tx) => {
      const inserted = await queryRows<{ commitment_id: string }>(tx, sql`
        insert into commitment_reminders (commitment_id, due_date, sent_at) values (${row.id}, ${dueDate}::date, ${now})
        on conflict do nothing returning commitment_id`);
      if (!inserted.length) return false;
      const space = await findSpaceById(tx, row.space_id);
      if (!space) return false;
      const recipients = await authorContacts(tx, { createdBy: row.created_by, personUserId: row.person_user_id, organisationId: row.organisation_id });
      await queueCommitmentMail(services, tx, recipients, {
        kind: dueDate < today ? "report_overdue" : "report_due",
        spaceId: space.id,
        title: row.title,
        dueDay: dueDate,
        values: { url: commitmentUrl(services, space.slug, Number(row.number), "/progress/new") },
      });
      return true;
    });
    if (isSent) sent++;
  }
  return sent;
}
