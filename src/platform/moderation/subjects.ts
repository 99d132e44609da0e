import type { SQL, SQLWrapper } from "drizzle-orm";
import type { Database } from "../../db/client";
import type { LocalizedText } from "../i18n/localized";

/** The visible state moderation sets on a subject; the owning module keeps it on its own row. */
export type SubjectStatus = "published" | "held" | "hidden" | "deleted";

/** What the queue, the log and mails show of one subject. */
export type SubjectSummary = {
  id: string;
  spaceId: string;
  authorId: string | null;
  status: SubjectStatus;
  /** The reason shown to the author (set by a moderator or the gate). */
  reason: string;
  /** A plain-text start of the content, for the queue (escaped by the views). */
  excerpt: string;
  /** The subject's page, relative to the site. */
  url: string;
  /** The moderators' page for the subject (reports, history, decisions), relative to the site. */
  moderateUrl: string;
  /** Where it sits (space and consultation, say), shown in the queue in the viewer's language. */
  context: LocalizedText;
  createdAt: Date;
};

/**
 * A kind of user content moderation can act on, registered by the module that owns it (moderation never
 * reads a module's tables itself). Every function runs in the caller's transaction or database.
 */
export type ModerationSubject = {
  type: string;
  /** Sets the subject's visible state and the reason its author is shown (`now` for what follows, e.g. notifications on approval). */
  setStatus(tx: Database, id: string, status: "published" | "held" | "hidden", reason: string, now: Date): Promise<void>;
  /** Keeps a copy of the number of open reports on the subject's row, if the module shows it. */
  setReportCount?(tx: Database, id: string, count: number): Promise<void>;
  /** Summaries of the given subjects (missing ids are left out). */
  describe(db: Database, ids: readonly string[]): Promise<SubjectSummary[]>;
  /** Ids of subjects in a state, newest first; `spaceId` null means every space. */
  listInStatus(db: Database, options: { spaceId: string | null; status: "held" | "hidden"; limit: number }): Promise<string[]>;
  /**
   * A select of one column, `at`: when the person posted this kind of subject in the space after `since` (for the
   * rate limit). The gate joins every kind's select into one statement, so each post costs one question however
   * many kinds there are.
   */
  postTimesQuery(options: { spaceId: string; userId: string; since: Date }): SQL | SQLWrapper;
  /** A select of one row and one column, `count`: the person's posts of this kind in the space that are out (for pre-moderation of first posts). */
  publishedCountQuery(options: { spaceId: string; userId: string }): SQL | SQLWrapper;
};

const registry = new Map<string, ModerationSubject>();

/** Registers a subject type (once, at import time of the owning module); registering again replaces it. */
export function registerModerationSubject(subject: ModerationSubject): void {
  registry.set(subject.type, subject);
}

/** The registered subject type, or undefined for one nobody registered. */
export function moderationSubject(type: string): ModerationSubject | undefined {
  return registry.get(type);
}

/** Every registered subject type: posting limits and pre-moderation count a person's posts of all kinds in a space. */
export function moderationSubjects(): ModerationSubject[] {
  return [...registry.values()];
}
