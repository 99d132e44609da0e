import { randomBytes } from "node:crypto";
import { registerContentSource, type ContentCard } from "../../../platform/content/sources";
import type { Services } from "../../../platform/services";
import { XSS } from "../../../testing/factories";
import { newsletterSubscribers, type SubscriberStatus } from "../schema";
import { createNewsletter, type NewsletterFields } from "./commands";
import type { Newsletter } from "./queries";

/** A draft newsletter through the real command; texts carry a script tag, so pages showing it prove escaping. */
export async function buildNewsletter(services: Services, spaceId: string, createdBy: string, overrides: Partial<NewsletterFields> = {}): Promise<Newsletter> {
  return createNewsletter(services, { id: createdBy }, spaceId, {
    subject: overrides.subject ?? { en: `${XSS} Spring update`, ru: `${XSS} Весенние новости` },
    preheader: overrides.preheader ?? { en: "What happened in March", ru: "Что произошло в марте" },
    intro: overrides.intro ?? { en: `Hello **everyone** ${XSS}`, ru: `Здравствуйте, **все** ${XSS}` },
    segment: overrides.segment ?? { audiences: ["members", "followers", "subscribers"] },
  });
}

/** A subscriber row as the audience part would leave it (directly: set-up, not the behaviour under test). */
export async function addSubscriber(
  services: Services,
  spaceId: string,
  values: Partial<{ userId: string; email: string; locale: string; status: SubscriberStatus; newsletters: boolean; country: string; actorType: string }>,
): Promise<string> {
  const [row] = await services.db
    .insert(newsletterSubscribers)
    .values({
      spaceId,
      userId: values.userId ?? null,
      email: values.userId ? null : (values.email ?? `sub-${randomBytes(5).toString("hex")}@example.net`),
      locale: values.locale ?? "en",
      status: values.status ?? "active",
      newsletters: values.newsletters ?? true,
      country: values.country ?? null,
      actorType: values.actorType ?? null,
      source: values.userId ? "account" : "form",
    })
    .returning({ id: newsletterSubscribers.id });
  return row.id;
}

/** A content source of test cards ("test-story"), registered once per process, for block pickers and mails. */
export const TEST_CARDS: ContentCard[] = [];
export function registerTestSource(): void {
  registerContentSource({
    kind: "test-story",
    labelKey: "newsletters.issues.block.item",
    cards: async (_db, ids) => ids.flatMap((id) => TEST_CARDS.filter((card) => card.id === id)),
    recent: async (_db, spaceId, _range, limit) => TEST_CARDS.filter((card) => card.spaceId === spaceId).slice(0, limit),
    find: async (_db, spaceId, text, limit) =>
      TEST_CARDS.filter((card) => card.spaceId === spaceId && Object.values(card.title).some((title) => (title ?? "").toLowerCase().includes(text.toLowerCase()))).slice(0, limit),
  });
}
