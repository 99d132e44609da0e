import type { AddressInfo } from "node:net";
import { and, count, eq, gte } from "drizzle-orm";
import type { Attachment } from "mailparser";
import type { Database } from "../../../db/client";
import { DAY_MS } from "../../../platform/clock";
import type { Services } from "../../../platform/services";
import { mailBounces, type BounceKind } from "../schema";
import { normalizeAddress, suppressAddress } from "./suppression";
import { lazyPackage } from "../../../platform/lazy-package";

const loadMailparser = lazyPackage<typeof import("mailparser")>("mailparser");
const loadSmtpServer = lazyPackage<typeof import("smtp-server")>("smtp-server");

/** Soft bounces (4.x.x) of one address within this window that suppress it. */
export const SOFT_BOUNCES_TO_SUPPRESS = 3;
export const SOFT_BOUNCE_WINDOW_MS = 30 * DAY_MS;
/** Bigger messages are not bounce reports worth reading (a DSN quotes headers or a short message). */
export const MAX_BOUNCE_BYTES = 1024 * 1024;

/** One recipient a report is about, and what was done with it. */
export type BounceOutcome = { email: string; kind: BounceKind; statusCode: string; isSuppressed: boolean };

type ReportedRecipient = { email: string; kind: BounceKind; statusCode: string; diagnostic: string };

const ADDRESS = /<?([^\s<>;]+@[^\s<>;]+)>?/;

/** Header-like fields of a report part ("Name: value", continuation lines folded), in blocks split by blank lines. */
function fieldBlocks(text: string): Map<string, string>[] {
  return text
    .replace(/\r\n/g, "\n")
    .split(/\n\s*\n/)
    .map((block) => {
      const fields = new Map<string, string>();
      let last = "";
      for (const line of block.split("\n")) {
        if (/^\s/.test(line) && last) fields.set(last, `${fields.get(last)} ${line.trim()}`);
        else {
          const match = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
          if (match) fields.set((last = match[1].toLowerCase()), match[2].trim());
        }
      }
      return fields;
    })
    .filter((fields) => fields.size > 0);
}

/** The address of an "rfc822; someone@example.org" field (Final-Recipient, Original-Rcpt-To) or a To header. */
function addressOf(value: string | undefined): string | null {
  if (!value) return null;
  const match = ADDRESS.exec(value.includes(";") ? value.slice(value.indexOf(";") + 1) : value);
  return match ? normalizeAddress(match[1]) : null;
}

/** RFC 3464: one recipient per block after the first (per-message) one; only failures and delays count. */
function deliveryStatusRecipients(report: string): ReportedRecipient[] {
  const recipients: ReportedRecipient[] = [];
  for (const fields of fieldBlocks(report)) {
    const email = addressOf(fields.get("final-recipient") ?? fields.get("original-recipient"));
    const action = (fields.get("action") ?? "").toLowerCase();
    const statusCode = /\b([245])\.\d{1,3}\.\d{1,3}\b/.exec(fields.get("status") ?? "")?.[0] ?? "";
    if (!email || !statusCode) continue;
    if (statusCode.startsWith("5") && (action === "failed" || action === "")) recipients.push({ email, kind: "hard", statusCode, diagnostic: fields.get("diagnostic-code") ?? "" });
    else if (statusCode.startsWith("4") && action !== "delivered" && action !== "relayed" && action !== "expanded")
      recipients.push({ email, kind: "soft", statusCode, diagnostic: fields.get("diagnostic-code") ?? "" });
  }
  return recipients;
}

/**
 * The header block of the message a report quotes (its `message/rfc822` or `text/rfc822-headers` part). mailparser
 * keeps such a part as an attachment only when it is not inline; an inline one is merged into the text, so the
 * raw message is read for it then: the part's own headers end at the first blank line, the quoted headers at the next.
 */
function quotedHeaders(raw: string, attachments: Attachment[]): Map<string, string> | undefined {
  const quoted = attachments.find((attachment) => attachment.contentType === "message/rfc822" || attachment.contentType === "text/rfc822-headers");
  if (quoted) return fieldBlocks(quoted.content.toString("utf8"))[0];
  const text = raw.replace(/\r\n/g, "\n");
  const start = /^Content-Type:\s*(message\/rfc822|text\/rfc822-headers)\b/im.exec(text);
  if (!start) return undefined;
  const body = text.indexOf("\n\n", start.index);
  return body < 0 ? undefined : fieldBlocks(text.slice(body + 2, body + 2 + 20_000))[0];
}

/** RFC 5965 (ARF): the complaining recipient is Original-Rcpt-To, or else the To of the message it quotes. */
function feedbackRecipients(report: string, raw: string, attachments: Attachment[]): ReportedRecipient[] {
  const fields = fieldBlocks(report)[0] ?? new Map<string, string>();
  const email = addressOf(fields.get("original-rcpt-to")) ?? addressOf(quotedHeaders(raw, attachments)?.get("to"));
  return email ? [{ email, kind: "complaint", statusCode: "", diagnostic: fields.get("feedback-type") ?? "" }] : [];
}

/** What a raw message reports: failed recipients of a delivery-status report, or the recipient who complained. */
export async function parseBounceMessage(raw: Buffer | string): Promise<ReportedRecipient[]> {
  const parsed = await loadMailparser().simpleParser(raw, { keepDeliveryStatus: true, skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true } as Parameters<ReturnType<typeof loadMailparser>["simpleParser"]>[1]);
  const contentType = parsed.headers.get("content-type") as { value?: string; params?: Record<string, string> } | undefined;
  if (contentType?.value !== "multipart/report") return [];
  const reportType = (contentType.params?.["report-type"] ?? "").toLowerCase();
  if (reportType === "delivery-status") {
    const status = parsed.attachments.find((attachment) => attachment.contentType === "message/delivery-status");
    return status ? deliveryStatusRecipients(status.content.toString("utf8")) : [];
  }
  if (reportType === "feedback-report") {
    const report = parsed.attachments.find((attachment) => attachment.contentType === "message/feedback-report");
    return report ? feedbackRecipients(report.content.toString("utf8"), raw.toString("utf8"), parsed.attachments) : [];
  }
  return [];
}

/**
 * Records what a bounce or complaint report says and suppresses addresses that must get no more bulk mail:
 * a hard bounce (5.x.x) or a complaint at once, soft bounces (4.x.x) once there were three within 30 days.
 * A message that is no report answers an empty list (nothing recorded).
 */
export async function processBounceMessage(services: Pick<Services, "db" | "clock">, raw: Buffer | string): Promise<BounceOutcome[]> {
  const reported = await parseBounceMessage(raw);
  const outcomes: BounceOutcome[] = [];
  for (const recipient of reported) {
    const isSuppressed = await services.db.transaction(async (tx) => recordBounce(tx, services.clock.now(), recipient));
    outcomes.push({ email: recipient.email, kind: recipient.kind, statusCode: recipient.statusCode, isSuppressed });
  }
  return outcomes;
}

async function recordBounce(db: Database, now: Date, recipient: ReportedRecipient): Promise<boolean> {
  await db.insert(mailBounces).values({ email: recipient.email, kind: recipient.kind, statusCode: recipient.statusCode, diagnostic: recipient.diagnostic.slice(0, 1000), receivedAt: now });
  if (recipient.kind === "hard") return suppressAddress(db, recipient.email, "hard_bounce", `${recipient.statusCode} ${recipient.diagnostic}`.trim()).then(() => true);
  if (recipient.kind === "complaint") return suppressAddress(db, recipient.email, "complaint", recipient.diagnostic).then(() => true);
  const [recent] = await db
    .select({ soft: count() })
    .from(mailBounces)
    .where(and(eq(mailBounces.email, recipient.email), eq(mailBounces.kind, "soft"), gte(mailBounces.receivedAt, new Date(now.getTime() - SOFT_BOUNCE_WINDOW_MS))));
  if (Number(recent.soft) < SOFT_BOUNCES_TO_SUPPRESS) return false;
  await suppressAddress(db, recipient.email, "hard_bounce", `${SOFT_BOUNCES_TO_SUPPRESS} soft bounces within 30 days, last ${recipient.statusCode}`);
  return true;
}

type Logger = { info(object: object, message?: string): void; warn(object: object, message?: string): void };

/**
 * An inbound SMTP listener for bounce and complaint reports (BOUNCE_SMTP_PORT): the envelope sender of bulk
 * mail points here, the reporting server delivers the report, and it is processed as it arrives. It accepts
 * no authentication and relays nothing: whatever it receives is only read as a report.
 */
export async function startBounceListener(services: Pick<Services, "db" | "clock">, options: { port: number; host: string; logger: Logger }): Promise<{ port: number; close(): Promise<void> }> {
  const server = new (loadSmtpServer().SMTPServer)({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    size: MAX_BOUNCE_BYTES,
    banner: "Convene bounce processing",
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_BOUNCE_BYTES) chunks.push(chunk);
      });
      stream.on("end", () => {
        if (size > MAX_BOUNCE_BYTES) return callback(Object.assign(new Error("message too big for a bounce report"), { responseCode: 552 }));
        processBounceMessage(services, Buffer.concat(chunks))
          .then((outcomes) => {
            if (outcomes.length) options.logger.info({ bounces: outcomes.map((outcome) => ({ kind: outcome.kind, isSuppressed: outcome.isSuppressed })) }, "bounce report processed");
            callback();
          })
          .catch((error: unknown) => {
            options.logger.warn({ err: error instanceof Error ? error.message : String(error) }, "bounce report could not be processed");
            callback(Object.assign(new Error("try again later"), { responseCode: 451 }));
          });
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return { port: (server.server.address() as AddressInfo).port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
