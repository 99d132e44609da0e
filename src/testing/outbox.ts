import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { simpleParser } from "mailparser";

export type OutboxMail = {
  to: string;
  subject: string;
  text: string;
  replyTo: string;
  language: string;
  attachments: { filename: string; contentType: string; content: string }[];
};

/** Messages in an outbox folder, oldest first, decoded (subject and body are often base64). */
export async function outboxMessages(outboxDir: string): Promise<OutboxMail[]> {
  let names: string[];
  try {
    names = readdirSync(outboxDir).filter((name) => name.endsWith(".eml")).sort();
  } catch {
    return [];
  }
  const result: OutboxMail[] = [];
  for (const name of names) {
    const parsed = await simpleParser(readFileSync(join(outboxDir, name)));
    const to = Array.isArray(parsed.to) ? parsed.to.map((address) => address.text).join(", ") : (parsed.to?.text ?? "");
    const replyTo = parsed.replyTo?.text ?? "";
    const language = parsed.headers.get("content-language");
    const attachments = parsed.attachments.map((attachment) => ({ filename: attachment.filename ?? "", contentType: attachment.contentType, content: attachment.content.toString("utf8") }));
    result.push({ to, subject: parsed.subject ?? "", text: parsed.text ?? "", replyTo, language: typeof language === "string" ? language : "", attachments });
  }
  return result;
}

/** The first link containing `pathPart` in the newest message to `email`. */
export async function linkFromOutbox(outboxDir: string, email: string, pathPart: string): Promise<string> {
  const messages = (await outboxMessages(outboxDir)).filter((message) => message.to.includes(email)).reverse();
  for (const message of messages) {
    const link = message.text.split(/\s+/).find((word) => word.startsWith("http") && word.includes(pathPart));
    if (link) return link;
  }
  throw new Error(`no mail to ${email} with a link containing ${pathPart}`);
}
