import type { Database } from "../../db/client";
import { translator, type MessageValues } from "../../platform/i18n/messages";
import type { Services } from "../../platform/services";

/**
 * Queues one of this module's mails (`org.mail.<kind>.subject` / `.body`) in the recipient's language, inside
 * the caller's transaction so it is sent only if the change commits.
 */
export async function queueOrganisationMail(
  services: Services,
  db: Database,
  input: { to: string; locale: string; kind: string; values: MessageValues },
): Promise<void> {
  const t = translator(input.locale);
  await services.mailer.queue(
    { to: input.to, subject: t(`org.mail.${input.kind}.subject`, input.values), text: t(`org.mail.${input.kind}.body`, input.values), locale: input.locale },
    { db },
  );
}
