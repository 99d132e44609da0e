import { and, eq, inArray, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { queryRows } from "../../../db/sql";
import { recordAudit } from "../../../platform/audit/record";
import { contentSource, resolveCards } from "../../../platform/content/sources";
import { AppError, conflict, validationFailed, type FieldErrors } from "../../../platform/errors";
import { cleanLocalized, type LocalizedText } from "../../../platform/i18n/localized";
import type { Services } from "../../../platform/services";
import { renderMarkdown } from "../../../platform/markdown/subset";
import { preferencesPath, recipientToken, unsubscribePath } from "../tokens";
import { contentOf, findNewsletter, type Newsletter } from "./queries";
import { blockReferences, renderNewsletterMail } from "./render";
import { normalizeSegment } from "./segments";
import { newsletters, type NewsletterBlock, type Segment } from "./schema";
import { startSending } from "./send";

export type Actor = { id: string; ip?: string | null };
export type NewsletterFields = { subject: LocalizedText; preheader: LocalizedText; intro: LocalizedText; segment: Partial<Segment> };

const MAX_SUBJECT = 200;
const MAX_PREHEADER = 200;
const MAX_TEXT = 20_000;
const MAX_BLOCKS = 40;

const rendered = (text: LocalizedText): LocalizedText => Object.fromEntries(Object.entries(text).map(([locale, value]) => [locale, renderMarkdown(value ?? "").value]));

/** Checks the fields of a newsletter; throws 422 naming each field that is wrong. */
function checkedFields(fields: NewsletterFields): NewsletterFields & { segment: Segment } {
  const subject = cleanLocalized(fields.subject);
  const preheader = cleanLocalized(fields.preheader);
  const intro = cleanLocalized(fields.intro);
  const errors: FieldErrors = {};
  if (!Object.keys(subject).length) errors.subject = { key: "newsletters.issues.error.subject_required" };
  else if (Object.values(subject).some((text) => (text ?? "").length > MAX_SUBJECT)) errors.subject = { key: "validation.too_long", values: { max: MAX_SUBJECT } };
  if (Object.values(preheader).some((text) => (text ?? "").length > MAX_PREHEADER)) errors.preheader = { key: "validation.too_long", values: { max: MAX_PREHEADER } };
  if (Object.values(intro).some((text) => (text ?? "").length > MAX_TEXT)) errors.intro = { key: "validation.too_long", values: { max: MAX_TEXT } };
  const segment = normalizeSegment(fields.segment);
  if (!segment.audiences.length) errors.audiences = { key: "newsletters.issues.error.audience_required" };
  if (Object.keys(errors).length) throw validationFailed(errors);
  return { subject, preheader, intro, segment };
}

/** A new draft in the space. */
export async function createNewsletter(services: Services, actor: Actor, spaceId: string, fields: NewsletterFields): Promise<Newsletter> {
  const checked = checkedFields(fields);
  return services.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(newsletters)
      .values({ spaceId, subject: checked.subject, preheader: checked.preheader, intro: checked.intro, introHtml: rendered(checked.intro), segment: checked.segment, createdBy: actor.id, createdAt: services.clock.now(), updatedAt: services.clock.now() })
      .returning();
    await recordAudit(tx, { actorUserId: actor.id, action: "newsletter.created", subjectType: "newsletter", subjectId: row.id, spaceId, ip: actor.ip ?? null });
    return row;
  });
}

/** A newsletter that may still change (a draft or a scheduled one), or 409. */
async function editable(services: Services, spaceId: string, id: string): Promise<Newsletter> {
  const newsletter = await findNewsletter(services.db, spaceId, id);
  if (!newsletter) throw new AppError("not_found", "error.not_found");
  if (newsletter.status !== "draft" && newsletter.status !== "scheduled") throw conflict("newsletters.issues.error.not_editable");
  return newsletter;
}

export async function updateNewsletter(services: Services, actor: Actor, spaceId: string, id: string, fields: NewsletterFields): Promise<Newsletter> {
  const checked = checkedFields(fields);
  await editable(services, spaceId, id);
  return services.db.transaction(async (tx) => {
    const [row] = await tx
      .update(newsletters)
      .set({ subject: checked.subject, preheader: checked.preheader, intro: checked.intro, introHtml: rendered(checked.intro), segment: checked.segment, updatedAt: services.clock.now() })
      .where(and(eq(newsletters.id, id), inArray(newsletters.status, ["draft", "scheduled"])))
      .returning();
    if (!row) throw conflict("newsletters.issues.error.not_editable");
    await recordAudit(tx, { actorUserId: actor.id, action: "newsletter.updated", subjectType: "newsletter", subjectId: id, spaceId, ip: actor.ip ?? null });
    return row;
  });
}

export type BlockChange =
  | { action: "add_text"; body: LocalizedText }
  | { action: "add_item"; kind: string; itemId: string }
  | { action: "remove"; index: number }
  | { action: "up"; index: number }
  | { action: "down"; index: number };

/** Adds, removes or moves one block; an item must be a public item of a registered source in this space. */
export async function changeBlocks(services: Services, actor: Actor, spaceId: string, id: string, change: BlockChange): Promise<Newsletter> {
  const newsletter = await editable(services, spaceId, id);
  const blocks = [...newsletter.blocks];
  if (change.action === "add_text") {
    const body = cleanLocalized(change.body);
    if (!Object.keys(body).length) throw validationFailed({ block: { key: "newsletters.issues.error.block_text_required" } });
    if (Object.values(body).some((text) => (text ?? "").length > MAX_TEXT)) throw validationFailed({ block: { key: "validation.too_long", values: { max: MAX_TEXT } } });
    if (blocks.length >= MAX_BLOCKS) throw validationFailed({ block: { key: "newsletters.issues.error.too_many_blocks", values: { max: MAX_BLOCKS } } });
    blocks.push({ type: "text", body, bodyHtml: rendered(body) });
  } else if (change.action === "add_item") {
    const source = contentSource(change.kind);
    const [card] = source ? await source.cards(services.db, [change.itemId]) : [];
    if (!card || card.spaceId !== spaceId) throw validationFailed({ item: { key: "newsletters.issues.error.item_unknown" } });
    if (blocks.length >= MAX_BLOCKS) throw validationFailed({ block: { key: "newsletters.issues.error.too_many_blocks", values: { max: MAX_BLOCKS } } });
    if (!blocks.some((block) => block.type === "item" && block.kind === card.kind && block.id === card.id)) blocks.push({ type: "item", kind: card.kind, id: card.id });
  } else {
    const index = change.index;
    if (!Number.isInteger(index) || index < 0 || index >= blocks.length) throw new AppError("bad_request", "error.bad_request");
    if (change.action === "remove") blocks.splice(index, 1);
    else {
      const other = change.action === "up" ? index - 1 : index + 1;
      if (other >= 0 && other < blocks.length) [blocks[index], blocks[other]] = [blocks[other] as NewsletterBlock, blocks[index] as NewsletterBlock];
    }
  }
  const [row] = await services.db.update(newsletters).set({ blocks, updatedAt: services.clock.now() }).where(and(eq(newsletters.id, id), inArray(newsletters.status, ["draft", "scheduled"]))).returning();
  if (!row) throw conflict("newsletters.issues.error.not_editable");
  return row;
}

/**
 * Reads a local date and time in an IANA zone ("2026-03-05T10:00" in "Asia/Almaty") into an instant; 422 on a
 * malformed value, an unknown zone or a moment not in the future.
 */
export function scheduledInstant(local: string, zone: string, now: Date): Date {
  if (!DateTime.local().setZone(zone).isValid) throw validationFailed({ timeZone: { key: "newsletters.issues.error.zone_invalid" } });
  const moment = DateTime.fromISO(local, { zone });
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local) || !moment.isValid) throw validationFailed({ scheduledAt: { key: "newsletters.issues.error.date_invalid" } });
  const instant = moment.toJSDate();
  if (instant.getTime() <= now.getTime()) throw validationFailed({ scheduledAt: { key: "newsletters.issues.error.date_past" } });
  return instant;
}

export async function scheduleNewsletter(services: Services, actor: Actor, spaceId: string, id: string, at: Date): Promise<void> {
  await editable(services, spaceId, id);
  await services.db.transaction(async (tx) => {
    const rows = await tx.update(newsletters).set({ status: "scheduled", scheduledAt: at, sentBy: actor.id, updatedAt: services.clock.now() }).where(and(eq(newsletters.id, id), inArray(newsletters.status, ["draft", "scheduled"]))).returning({ id: newsletters.id });
    if (!rows.length) throw conflict("newsletters.issues.error.not_editable");
    await recordAudit(tx, { actorUserId: actor.id, action: "newsletter.scheduled", subjectType: "newsletter", subjectId: id, spaceId, ip: actor.ip ?? null, details: { at: at.toISOString() } });
  });
}

/** Cancels a draft or a scheduled newsletter: it is kept (listed as cancelled) and never sent. */
export async function cancelNewsletter(services: Services, actor: Actor, spaceId: string, id: string): Promise<void> {
  await editable(services, spaceId, id);
  await services.db.transaction(async (tx) => {
    const rows = await tx.update(newsletters).set({ status: "cancelled", cancelledAt: services.clock.now(), updatedAt: services.clock.now() }).where(and(eq(newsletters.id, id), inArray(newsletters.status, ["draft", "scheduled"]))).returning({ id: newsletters.id });
    if (!rows.length) throw conflict("newsletters.issues.error.not_editable");
    await recordAudit(tx, { actorUserId: actor.id, action: "newsletter.cancelled", subjectType: "newsletter", subjectId: id, spaceId, ip: actor.ip ?? null });
  });
}

/** Sends now: materialises the recipients and queues the send (409 when it is no longer a draft or scheduled). */
export async function sendNewsletterNow(services: Services, actor: Actor, spaceId: string, id: string): Promise<void> {
  await editable(services, spaceId, id);
  if (!(await startSending(services, id, actor.id))) throw conflict("newsletters.issues.error.not_editable");
  await recordAudit(services.db, { actorUserId: actor.id, action: "newsletter.send_started", subjectType: "newsletter", subjectId: id, spaceId, ip: actor.ip ?? null });
}

/**
 * A test copy to the person asking, only to the address of their own account (never to one typed in), in their
 * language, marked as a test in the subject; their own links, as they would get them.
 */
export async function sendTestNewsletter(services: Services, actor: Actor & { email: string; locale: string }, spaceId: string, id: string): Promise<void> {
  const newsletter = await findNewsletter(services.db, spaceId, id);
  if (!newsletter) throw new AppError("not_found", "error.not_found");
  const [space] = await queryRows<{ slug: string; title: LocalizedText }>(services.db, sql`select slug, title from spaces where id = ${spaceId}`);
  const publicUrl = services.config.publicUrl.replace(/\/$/, "");
  const content = contentOf(newsletter, { slug: space.slug, title: space.title });
  const cards = await resolveCards(services.db, blockReferences(content.blocks));
  const token = await recipientToken(services.db, spaceId, { kind: "user", userId: actor.id });
  const mail = renderNewsletterMail(content, cards, actor.locale, publicUrl, {
    preferencesUrl: `${publicUrl}${preferencesPath(token)}`,
    unsubscribeUrl: `${publicUrl}${unsubscribePath(token)}`,
    webUrl: `${publicUrl}/spaces/${space.slug}/newsletters/${id}`,
  });
  await services.mailer.queue({ to: actor.email, subject: `[TEST] ${mail.subject}`, html: mail.html, text: mail.text, locale: actor.locale });
  await recordAudit(services.db, { actorUserId: actor.id, action: "newsletter.test_sent", subjectType: "newsletter", subjectId: id, spaceId, ip: actor.ip ?? null });
}
