import type { Database } from "../../db/client";
import { localizedString, type LocalizedText } from "../../platform/i18n/localized";
import { translator, type MessageValues } from "../../platform/i18n/messages";
import { intlFormat } from "../../platform/i18n/messages";
import type { Services } from "../../platform/services";
import type { Recipient } from "./queries-review";
import { commitmentModeOf, translateInMode } from "./wording";

/** The absolute address of a page of a commitment, for mail. */
export function commitmentUrl(services: Services, spaceSlug: string, number: number, suffix = ""): string {
  return `${services.config.publicUrl.replace(/\/$/, "")}/spaces/${spaceSlug}/commitments/${number}${suffix}`;
}

/**
 * Queues `commitment.mail.<kind>.subject/.body` to each recipient in their own language and in the space's
 * wording (a memorandum's programme activity is never called a commitment), inside the caller's
 * transaction so nothing is sent for a change that rolls back. The title is shown in the recipient's language
 * when the author wrote one; `deadline` (a moment) or `dueDay` (a calendar day) is formatted for that language too.
 */
export async function queueCommitmentMail(
  services: Services,
  db: Database,
  recipients: readonly Recipient[],
  input: { kind: string; spaceId: string; title: LocalizedText; deadline?: Date | null; dueDay?: string; values?: MessageValues },
): Promise<void> {
  const seen = new Set<string>();
  const mode = await commitmentModeOf(db, input.spaceId);
  for (const recipient of recipients) {
    if (seen.has(recipient.email)) continue;
    seen.add(recipient.email);
    const t = translateInMode(translator(recipient.locale), mode);
    const values: MessageValues = {
      ...input.values,
      title: localizedString(input.title, recipient.locale),
      deadline: input.dueDay ? intlFormat(recipient.locale).date(input.dueDay) : input.deadline ? intlFormat(recipient.locale).dateTime(input.deadline) : "",
    };
    await services.mailer.queue(
      { to: recipient.email, subject: t(`commitment.mail.${input.kind}.subject`, values), text: t(`commitment.mail.${input.kind}.body`, values), locale: recipient.locale },
      { db },
    );
  }
}
