import { z } from "zod";
import { DisplayName, Email } from "../../../platform/auth/inputs";
import { LOCALE_CODES } from "../../../platform/i18n/locales";
import { DOCUMENT_LANGUAGES } from "../guidance/front-matter";
import { ENQUIRY_STATUSES } from "./schema";

export const QUESTION_MAX = 1000;
export const DETAILS_MAX = 5000;
export const ANSWER_MAX = 20000;
export const NOTE_MAX = 5000;
const TAGS_MAX = 10;
const TAG_LENGTH_MAX = 40;

/** "ENQ-42": the reference an asker is given and quotes back. */
export const enquiryReference = (number: number): string => `ENQ-${number}`;

/** A reference number from a path segment or query ("42" or "ENQ-42"); undefined when it names nothing. */
export function parseEnquiryNumber(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const match = /^(?:ENQ-)?(\d{1,15})$/i.exec(value.trim());
  if (!match) return undefined;
  const number = Number(match[1]);
  return Number.isSafeInteger(number) && number > 0 ? number : undefined;
}

/** Tags typed as one line separated by commas: trimmed, lower-cased, without repeats. */
export const TagsText = z
  .string()
  .max(TAGS_MAX * (TAG_LENGTH_MAX + 2))
  .default("")
  .transform((value) => [...new Set(value.split(",").map((tag) => tag.trim().toLowerCase()).filter(Boolean))])
  .refine((tags) => tags.length <= TAGS_MAX && tags.every((tag) => tag.length <= TAG_LENGTH_MAX), { message: "validation.enquiry_tags" });

const Question = z.string().trim().min(3).max(QUESTION_MAX);
const Details = z.string().trim().max(DETAILS_MAX).default("");

/** The enquiry form of a signed-in person: their name, address and language come from their account. */
export const MemberEnquiryBody = z.object({ question: Question, details: Details, tags: TagsText });

/** The enquiry form of a visitor: a name and an address to reply to, and their consent to keep that address. */
export const VisitorEnquiryBody = MemberEnquiryBody.extend({
  name: DisplayName,
  email: Email,
  consent: z.literal("yes", { message: "validation.enquiry_consent" }),
});

export const AnswerBody = z.object({ answer: z.string().trim().min(1).max(ANSWER_MAX) });
export const NoteBody = z.object({ note: z.string().trim().min(1).max(NOTE_MAX) });
/** An empty assignee gives the enquiry back to the queue. */
export const AssignBody = z.object({ assignee: z.union([z.literal(""), z.uuid({ message: "validation.invalid_choice" })]) });

/** "Publish as FAQ": the question (editable) as title, the answer as body, and where the entry goes. */
export const FaqBody = z.object({
  title: z.string().trim().min(1).max(300),
  body: z.string().trim().min(1).max(ANSWER_MAX),
  language: z.enum(DOCUMENT_LANGUAGES, { message: "validation.invalid_choice" }),
  tags: TagsText,
  collection: z.union([z.literal(""), z.uuid({ message: "validation.invalid_choice" })]).default(""),
});

/** The queue's filters as read from the query string; a value outside the allowed ones is dropped, not refused. */
export function queueFiltersFromQuery(query: Record<string, unknown>): { status?: (typeof ENQUIRY_STATUSES)[number]; language?: string; assignee?: string; after?: number } {
  const text = (value: unknown) => (typeof value === "string" ? value.trim() : "");
  const status = ENQUIRY_STATUSES.find((candidate) => candidate === text(query.status));
  const language = LOCALE_CODES.find((candidate) => candidate === text(query.language));
  const assigneeText = text(query.assignee);
  const assignee = assigneeText === "me" || assigneeText === "none" || z.uuid().safeParse(assigneeText).success ? assigneeText : undefined;
  return { status, language, assignee, after: parseEnquiryNumber(text(query.after)) };
}
