import type { Database } from "../../../db/client";
import { localizedString, type LocalizedText } from "../../../platform/i18n/localized";
import { translator, type MessageValues } from "../../../platform/i18n/messages";
import type { Services } from "../../../platform/services";
import { enquiryReference } from "./inputs";

/** The absolute address of a page of the enquiries, for mail (`path` starts with "/"). */
export function absoluteUrl(services: Services, path: string): string {
  return `${services.config.publicUrl.replace(/\/$/, "")}${path}`;
}

/** Where an enquiry was sent, in one language: the space's title, or the platform secretariat. */
export function destinationName(locale: string, spaceTitle: LocalizedText | null): string {
  return spaceTitle ? localizedString(spaceTitle, locale) : translator(locale)("knowledge.enquiry.platform_secretariat");
}

/**
 * Queues `knowledge.enquiry.mail.<kind>.subject/.body` to one address in one language, inside the caller's
 * transaction (nothing is sent for a change that rolls back). Only the frame is translated: the question and the
 * answer go in as their authors wrote them, as plain values (never parsed as message syntax).
 */
export async function queueEnquiryMail(
  services: Services,
  db: Database,
  input: { to: string; locale: string; kind: "received" | "notify" | "answer"; number: number; values: MessageValues },
): Promise<void> {
  const t = translator(input.locale);
  const values: MessageValues = { ...input.values, reference: enquiryReference(input.number) };
  await services.mailer.queue({ to: input.to, subject: t(`knowledge.enquiry.mail.${input.kind}.subject`, values), text: t(`knowledge.enquiry.mail.${input.kind}.body`, values), locale: input.locale }, { db });
}
