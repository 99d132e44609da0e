import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { queryRows } from "../../db/sql";
import { translator } from "../../platform/i18n/messages";
import type { Services } from "../../platform/services";
import { findSpaceById } from "../spaces/queries";
import { mentoringPath } from "./queries";

/**
 * The mail each person gets when an organiser confirms their pair, in the recipient's own language (users.locale),
 * queued inside the confirming transaction (platform mail through the job queue). It names the other person and
 * links to the pair's page, where they write to each other through the contact relay: no address is in it.
 */
export async function queuePairMails(services: Services, tx: Database, pair: { id: string; spaceSlug: string; mentor: { userId: string; displayName: string }; mentee: { userId: string; displayName: string } }): Promise<void> {
  const url = `${services.config.publicUrl.replace(/\/$/, "")}${mentoringPath(pair.spaceSlug)}/pairs/${pair.id}`;
  for (const [role, userId, other] of [["mentor", pair.mentor.userId, pair.mentee.displayName], ["mentee", pair.mentee.userId, pair.mentor.displayName]] as const) {
    const [recipient] = await queryRows<{ email: string; locale: string }>(tx, sql`select email, locale from users where id = ${userId} and deleted_at is null`);
    if (!recipient) continue;
    const locale = recipient.locale || "en";
    const t = translator(locale);
    const values = { other, url };
    await services.mailer.queue({ to: recipient.email, subject: t(`mentoring.mail.${role}.subject`, values), text: `${t(`mentoring.mail.${role}.body`, values)}\n\n${t("mentoring.mail.footer", values)}`, locale }, { db: tx });
  }
}

/** Why a pair ended, as the mails tell it: someone closed it, or the mentor or the mentee withdrew from mentoring. */
export type PairEnding = { kind: "closed"; closedBy: string } | { kind: "withdrawn"; role: "mentor" | "mentee" };

/**
 * The mail each person of a pair gets when it ends (closed by one of them or an organiser, or because one withdrew),
 * in the recipient's own language, queued in the closing transaction. The person who acted gets it too: it is
 * their record. A mentee whose mentor withdrew is told that their request waits again. No address is in it.
 */
export async function queuePairEndedMails(services: Services, tx: Database, spaceId: string, pairIds: readonly string[], ending: PairEnding): Promise<void> {
  if (!pairIds.length) return;
  const space = await findSpaceById(tx, spaceId);
  if (!space) return;
  const pairs = await queryRows<{ id: string; mentor_user_id: string; mentor_name: string; mentee_user_id: string; mentee_name: string }>(
    tx,
    sql`select p.id, o.user_id as mentor_user_id, o.display_name as mentor_name, e.user_id as mentee_user_id, e.display_name as mentee_name
      from mentoring_pairs p join mentoring_mentors o on o.id = p.mentor_id join mentoring_mentees e on e.id = p.mentee_id
      where p.id in (${sql.join(pairIds.map((id) => sql`${id}::uuid`), sql`, `)})`,
  );
  for (const pair of pairs) {
    const url = `${services.config.publicUrl.replace(/\/$/, "")}${mentoringPath(space.slug)}/pairs/${pair.id}`;
    const people = [
      { role: "mentor", userId: pair.mentor_user_id, other: pair.mentee_name },
      { role: "mentee", userId: pair.mentee_user_id, other: pair.mentor_name },
    ] as const;
    for (const person of people) {
      const [recipient] = await queryRows<{ email: string; locale: string }>(tx, sql`select email, locale from users where id = ${person.userId} and deleted_at is null`);
      if (!recipient) continue;
      const locale = recipient.locale || "en";
      const t = translator(locale);
      const values = { other: person.other, url };
      const cause = ending.kind === "closed"
        ? ending.closedBy === person.userId ? "closed_by_you" : people.some((someone) => someone.userId === ending.closedBy) ? "closed_by_other" : "closed_by_organiser"
        : ending.role === person.role ? "you_withdrew" : "other_withdrew";
      const paragraphs = [t(`mentoring.mail.ended.${cause}`, values)];
      if (ending.kind === "withdrawn" && ending.role === "mentor" && person.role === "mentee") paragraphs.push(t("mentoring.mail.ended.waiting_again", values));
      paragraphs.push(t("mentoring.mail.ended.log", values));
      await services.mailer.queue({ to: recipient.email, subject: t("mentoring.mail.ended.subject", values), text: paragraphs.join("\n\n"), locale }, { db: tx });
    }
  }
}
