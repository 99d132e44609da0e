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
 * Records a message as sent: the caller marks its row and commits, then awaits `finish()` — which ends the message
 * (the SMTP terminator goes to the kernel). Answers false, without calling `finish`, when the message may not be sent
 * (e.g. its lease was lost): the unfinished message is then cut off and the server discards it.
 */
export type RecordSent = (finish: () => Promise<void>) => Promise<boolean>;

/**
 * Sends many messages over a few persistent SMTP connections, each recorded as sent by the caller in a way that makes
 * a crash unable to send anything twice: the whole message is written to the server; the caller marks the delivery
 * sent and commits; only then is the terminator (`CRLF.CRLF`) handed to the kernel. Killed before the commit, the
 * database rolls back and the server discards the unterminated message: the delivery is still pending and is sent
 * on resume. Killed after the terminator, delivered once and recorded. Killed between the two, the delivery is
 * recorded but the server discards the message: at most one message per connection is lost, none is ever doubled.
 * (Ending the message before the commit, as an earlier version did, narrowed that window but could double a mail
 * when the process was descheduled between the two writes; a loaded CI machine did exactly that.)
 *
 * Without SMTP (the outbox folder of the demo), each message goes through the Mailer's outbox writer inside `finish`.
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

  /** Sends one message; `record` marks it as sent (see RecordSent) or answers false (then nothing is sent). */
  async send(message: MailMessage, record: RecordSent): Promise<BulkOutcome> {
    if (!this.options.smtpUrl) {
      const isRecorded = await record(() => this.mailer.send(message));
      return isRecorded ? { status: "sent" } : { status: "abandoned" };
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

  private sendOn(connection: SMTPConnection, envelope: { from: string; to: string[] }, raw: Buffer, record: RecordSent, markBroken: () => void): Promise<BulkOutcome> {
    return new Promise<BulkOutcome>((resolve) => {
      let state: "writing" | "recording" | "recorded" | "abandoned" = "writing";
      let hasPushedBody = false;
      // settles once the caller's record (its transaction) has finished, so an outcome never overtakes its commit
      let recording: Promise<void> = Promise.resolve();
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
          recording = (async () => {
            // wait until Node has handed every byte to the kernel, so only the terminator is left to write
            await drained(socket);
            let isRecorded: boolean;
            try {
              isRecorded = await record(async () => {
                state = "recorded";
                const terminated = terminatorWritten(socket);
                stream.push(null);
                await terminated;
              });
            } catch {
              isRecorded = false;
            }
            if (!isRecorded && (state as string) !== "recorded") {
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
        void recording.then(() => {
          if (state === "abandoned") return;
          if (error) {
            if (!connection._socket || (connection._socket as { destroyed?: boolean }).destroyed) markBroken();
            resolve({ status: "failed", error: error.message });
            return;
          }
          resolve({ status: "sent" });
        });
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

/**
 * Resolves right after the socket's write of the message terminator (DataStream writes it as its own chunk ending in
 * `.CRLF` when the message stream ends) — within the same turn of the event loop, so the caller's COMMIT is written
 * next, with no I/O callback in between.
 */
function terminatorWritten(socket: SMTPConnection["_socket"]): Promise<void> {
  if (!socket) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const original = socket.write;
    const timer = setTimeout(() => restore(), 30_000);
    const restore = () => {
      clearTimeout(timer);
      // the instance property shadowed the prototype's write; removing it restores the original
      delete (socket as { write?: unknown }).write;
      resolve();
    };
    socket.write = function (this: typeof socket, ...args: Parameters<typeof original>) {
      const result = original.apply(this, args);
      const chunk = args[0];
      if (Buffer.isBuffer(chunk) && chunk.length <= 5 && chunk.subarray(-3).toString() === ".\r\n") restore();
      return result;
    } as typeof original;
  });
}

async function drained(socket: SMTPConnection["_socket"]): Promise<void> {
  while (socket && socket.writableLength > 0 && !socket.destroyed) await new Promise((done) => setImmediate(done));
}

/** The bare address of a "Name <address>" sender, for the SMTP envelope. */
function addressOf(from: string): string {
  const match = /<([^>]+)>/.exec(from);
  return (match ? match[1] : from).trim();
}
