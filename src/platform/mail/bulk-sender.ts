import { Readable } from "node:stream";
import MailComposer from "nodemailer/lib/mail-composer";
import SMTPConnection from "nodemailer/lib/smtp-connection";
import type { MailMessage, Mailer } from "./mailer";

/**
 * What became of one message: `sent` (recorded and handed to the server), `failed` (the server refused it; the
 * caller's record was not made, or is to be undone), `abandoned` (the caller's record could not be made — e.g. its
 * lease was lost — so the message was cut off before its end and the server discards it).
 */
export type BulkOutcome = { status: "sent" } | { status: "failed"; error: string } | { status: "abandoned" };

/**
 * Sends many messages over a few persistent SMTP connections, each message recorded as sent by the caller at the one
 * moment that makes a crash harmless: the whole message is written to the server, then `record()` commits the
 * delivery, and only then does the stream end, so the SMTP terminator (`CRLF.CRLF`) goes out. A process killed
 * before the commit leaves the server an unterminated message, which it discards (the delivery is still pending and
 * is sent again on resume); killed after it, the terminator is already in the kernel's socket buffer, which the
 * kernel still sends (delivered, not sent again). The remaining window is the instant between the database
 * acknowledging the commit and this process writing the terminator — microseconds, not a whole SMTP round trip.
 *
 * Without SMTP (the outbox folder of the demo), each message goes through the Mailer's outbox writer after the
 * record is made.
 */
export class BulkSender {
  private readonly idle: SMTPConnection[] = [];
  private readonly waiting: ((connection: SMTPConnection | null) => void)[] = [];
  private open = 0;
  private isClosed = false;

  constructor(
    private readonly options: { smtpUrl: string | undefined; from: string; connections: number },
    private readonly mailer: Mailer,
  ) {}

  /** Sends one message; `record` commits it as sent and answers false when it may not be (then nothing is sent). */
  async send(message: MailMessage, record: () => Promise<boolean>): Promise<BulkOutcome> {
    if (!this.options.smtpUrl) {
      if (!(await record())) return { status: "abandoned" };
      await this.mailer.send(message);
      return { status: "sent" };
    }
    const raw = await new MailComposer({
      from: this.options.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      headers: { ...message.headers, ...(message.locale ? { "Content-Language": message.locale } : {}) },
    })
      .compile()
      .build();
    const connection = await this.acquire();
    let isHealthy = true;
    try {
      return await this.sendOn(connection, { from: message.returnPath ?? addressOf(this.options.from), to: [message.to] }, raw, record, () => (isHealthy = false));
    } finally {
      this.release(connection, isHealthy);
    }
  }

  private sendOn(connection: SMTPConnection, envelope: { from: string; to: string[] }, raw: Buffer, record: () => Promise<boolean>, markBroken: () => void): Promise<BulkOutcome> {
    return new Promise<BulkOutcome>((resolve) => {
      let state: "writing" | "recording" | "recorded" | "abandoned" = "writing";
      let hasPushedBody = false;
      const socket = connection._socket;
      // The message body is pushed at the first read; the second read means it has all gone down the pipe into the
      // connection's data stream and socket (the connection reads it only after the server said 354 to DATA).
      const stream = new Readable({
        read() {
          if (!hasPushedBody) {
            hasPushedBody = true;
            this.push(raw);
            return;
          }
          if (state !== "writing") return;
          state = "recording";
          void (async () => {
            // wait until Node has handed every byte to the kernel, so only the terminator is left after the commit
            while (socket && socket.writableLength > 0 && !socket.destroyed) await new Promise((done) => setImmediate(done));
            let isRecorded = false;
            try {
              isRecorded = await record();
            } catch {
              isRecorded = false;
            }
            if (isRecorded) {
              state = "recorded";
              this.push(null);
            } else {
              state = "abandoned";
              markBroken();
              // cut off before the terminator: the server discards the unfinished message
              connection.close();
              resolve({ status: "abandoned" });
            }
          })();
        },
      });
      connection.send(envelope, stream, (error) => {
        if (state === "abandoned") return;
        if (error) {
          if (!connection._socket || (connection._socket as { destroyed?: boolean }).destroyed) markBroken();
          resolve({ status: "failed", error: error.message });
          return;
        }
        resolve({ status: "sent" });
      });
    });
  }

  private async acquire(): Promise<SMTPConnection> {
    for (;;) {
      if (this.isClosed) throw new Error("the bulk sender is closed");
      const idle = this.idle.pop();
      if (idle) return idle;
      if (this.open < this.options.connections) {
        this.open++;
        try {
          return await this.connect();
        } catch (error) {
          this.open--;
          throw error;
        }
      }
      const handed = await new Promise<SMTPConnection | null>((resolve) => this.waiting.push(resolve));
      if (handed) return handed;
    }
  }

  private release(connection: SMTPConnection, isHealthy: boolean): void {
    if (!isHealthy || this.isClosed) {
      this.open--;
      connection.close();
      this.waiting.shift()?.(null);
      return;
    }
    const waiter = this.waiting.shift();
    if (waiter) waiter(connection);
    else this.idle.push(connection);
  }

  private connect(): Promise<SMTPConnection> {
    const url = new URL(this.options.smtpUrl as string);
    const isSecure = url.protocol === "smtps:";
    const connection = new SMTPConnection({ host: url.hostname, port: Number(url.port) || (isSecure ? 465 : 587), secure: isSecure, connectionTimeout: 10_000, socketTimeout: 60_000 });
    return new Promise<SMTPConnection>((resolve, reject) => {
      connection.once("error", reject);
      connection.connect(() => {
        const done = () => {
          connection.removeListener("error", reject);
          // a later error closes the connection; the send in progress reports it through its callback
          connection.on("error", () => undefined);
          resolve(connection);
        };
        if (!url.username) return done();
        connection.login({ user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }, (error) => (error ? reject(error) : done()));
      });
    });
  }

  /** Closes every idle connection; call after the last send. */
  close(): void {
    this.isClosed = true;
    for (const connection of this.idle.splice(0)) connection.quit();
    for (const waiter of this.waiting.splice(0)) waiter(null);
  }
}

/** The bare address of a "Name <address>" sender, for the SMTP envelope. */
function addressOf(from: string): string {
  const match = /<([^>]+)>/.exec(from);
  return (match ? match[1] : from).trim();
}
