import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import nodemailer, { type Transporter } from "nodemailer";
import type { JobQueue } from "../jobs/queue";

/** A file sent with a message (an event's .ics); text content, since mail jobs are stored as JSON. */
export type MailAttachment = { filename: string; content: string; contentType: string };

/**
 * `replyTo` lets a recipient answer someone other than Convene (the contact relay sets it to the sender);
 * `headers` adds header fields (a list mail's `List-Id`, `List-Unsubscribe`, `List-Unsubscribe-Post`);
 * `returnPath` is the envelope sender bounces go back to (when bounces are collected per message).
 */
export type MailMessage = {
  to: string;
  subject: string;
  text: string;
  html?: string;
  locale?: string;
  replyTo?: string;
  attachments?: MailAttachment[];
  headers?: Record<string, string>;
  returnPath?: string;
};

export const MAIL_JOB = "mail.send";

/**
 * Sends mail through SMTP when SMTP_URL is set; otherwise writes each message as an .eml file
 * into the outbox folder, which the admin "Outbox" page lists (so the demo needs no mail server).
 * Requests never send directly: they call `queue`, and the job worker calls `send`.
 */
export class Mailer {
  private readonly transport: Transporter;

  constructor(
    private readonly options: { smtpUrl?: string; from: string; outboxDir: string },
    private readonly jobs: JobQueue,
  ) {
    this.transport = options.smtpUrl
      ? nodemailer.createTransport(options.smtpUrl)
      : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
    jobs.register(MAIL_JOB, async (payload) => this.send(payload as MailMessage));
  }

  get usesOutbox(): boolean {
    return !this.options.smtpUrl;
  }

  /** Host and port of the SMTP server, never its credentials (the admin page shows it). */
  get smtpHost(): string | undefined {
    if (!this.options.smtpUrl) return undefined;
    try {
      return new URL(this.options.smtpUrl).host;
    } catch {
      return undefined;
    }
  }

  get outboxDir(): string {
    return this.options.outboxDir;
  }

  /** Puts a message on the job queue (inside the caller's transaction when `db` is given). */
  queue(message: MailMessage, options: Parameters<JobQueue["enqueue"]>[2] = {}): Promise<number> {
    return this.jobs.enqueue(MAIL_JOB, message as unknown as Record<string, unknown>, options);
  }

  async send(message: MailMessage): Promise<void> {
    const info = await this.transport.sendMail({
      from: this.options.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      replyTo: message.replyTo,
      attachments: message.attachments?.map((attachment) => ({ filename: attachment.filename, content: attachment.content, contentType: attachment.contentType })),
      headers: { ...message.headers, ...(message.locale ? { "Content-Language": message.locale } : {}) },
      envelope: message.returnPath ? { from: message.returnPath, to: message.to } : undefined,
    });
    if (this.usesOutbox) {
      mkdirSync(this.options.outboxDir, { recursive: true });
      const stamp = new Date().toISOString().replace(/[:.]/g, "-");
      const name = `${stamp}-${String(info.messageId).replace(/[^a-zA-Z0-9]/g, "").slice(0, 24)}.eml`;
      // Written under another name first, so the admin page never reads a half-written message.
      const partial = join(this.options.outboxDir, `.${name}.partial`);
      writeFileSync(partial, (info as unknown as { message: Buffer }).message);
      renameSync(partial, join(this.options.outboxDir, name));
    }
  }

  close(): void {
    this.transport.close();
  }
}
