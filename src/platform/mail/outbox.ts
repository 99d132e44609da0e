import { lstat, readdir, readFile } from "node:fs/promises";
import { resolve, sep } from "node:path";
import type { AddressObject, ParsedMail } from "mailparser";
import { AppError } from "../errors";
import { lazyPackage } from "../lazy-package";

const loadMailparser = lazyPackage<typeof import("mailparser")>("mailparser");

/**
 * Only plain file names the mailer itself writes: no slashes, so no path can leave the outbox folder.
 * A leading dot is refused too (the mailer's half-written files start with one).
 */
const OUTBOX_NAME = /^(?!\.)[\w.-]+\.eml$/;
/** Messages bigger than this are listed but not parsed; the mailer writes nothing near it. */
const MAX_MESSAGE_BYTES = 5 * 1024 * 1024;

export function isOutboxName(name: string): boolean {
  return OUTBOX_NAME.test(name) && name.length <= 200;
}

export type OutboxSummary = { name: string; date: Date | null; to: string; subject: string; isReadable: boolean };

export type OutboxMessage = {
  name: string;
  from: string;
  to: string;
  cc: string;
  replyTo: string;
  subject: string;
  date: Date | null;
  messageId: string;
  language: string;
  /** The plain-text body; the HTML part is never rendered (it would be markup from a message). */
  text: string;
};

/** File names of the messages in the folder, newest first (the mailer starts each name with an ISO time). */
async function outboxNames(outboxDir: string): Promise<string[]> {
  try {
    return (await readdir(outboxDir)).filter(isOutboxName).sort().reverse();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

export async function countOutbox(outboxDir: string): Promise<number> {
  return (await outboxNames(outboxDir)).length;
}

function addresses(value: AddressObject | AddressObject[] | undefined): string {
  if (!value) return "";
  return (Array.isArray(value) ? value : [value]).map((address) => address.text).join(", ");
}

/** Opens a message by name, refusing anything that is not a regular .eml file directly inside the folder. */
async function parseMessage(outboxDir: string, name: string): Promise<ParsedMail | null> {
  if (!isOutboxName(name)) return null;
  const folder = resolve(outboxDir);
  const path = resolve(folder, name);
  if (!path.startsWith(folder + sep)) return null;
  try {
    // lstat, not stat: a symbolic link placed in the folder must not lead out of it.
    const info = await lstat(path);
    if (!info.isFile() || info.size > MAX_MESSAGE_BYTES) return null;
    return await loadMailparser().simpleParser(await readFile(path), { skipTextToHtml: true, skipImageLinks: true });
  } catch {
    return null;
  }
}

/** One page of the outbox, newest first; `after` is the last name of the previous page. */
export async function listOutbox(outboxDir: string, page: { after?: string; limit: number }): Promise<{ entries: OutboxSummary[]; nextAfter: string | null; total: number }> {
  if (page.after !== undefined && !isOutboxName(page.after)) throw new AppError("bad_request", "error.invalid_cursor");
  const names = await outboxNames(outboxDir);
  const remaining = page.after === undefined ? names : names.filter((name) => name < (page.after as string));
  const slice = remaining.slice(0, page.limit);
  const entries: OutboxSummary[] = [];
  for (const name of slice) {
    const parsed = await parseMessage(outboxDir, name);
    entries.push(parsed ? { name, date: parsed.date ?? null, to: addresses(parsed.to), subject: parsed.subject ?? "", isReadable: true } : { name, date: null, to: "", subject: "", isReadable: false });
  }
  return { entries, nextAfter: remaining.length > page.limit ? slice[slice.length - 1] : null, total: names.length };
}

/** One message with its headers and plain-text body, or null when the name is not an outbox message. */
export async function readOutboxMessage(outboxDir: string, name: string): Promise<OutboxMessage | null> {
  const parsed = await parseMessage(outboxDir, name);
  if (!parsed) return null;
  const language = parsed.headers.get("content-language");
  return {
    name,
    from: addresses(parsed.from),
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    replyTo: addresses(parsed.replyTo),
    subject: parsed.subject ?? "",
    date: parsed.date ?? null,
    messageId: parsed.messageId ?? "",
    language: typeof language === "string" ? language : "",
    text: parsed.text ?? "",
  };
}
