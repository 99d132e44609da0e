import { csvCell } from "../../../platform/csv";
import type { ViewContext } from "../../../platform/http/context";
import { localizedString } from "../../../platform/i18n/localized";
import { actorTypeLabel } from "../../organisations/actor-types";
import type { ConsultationGroup, ConsultationTopic } from "../queries";
import type { OutputContribution } from "../queries-synthesis";
import type { SynthesisTag } from "../schema";

export { csvCell } from "../../../platform/csv";

const line = (cells: (string | number | null | undefined)[]): string => `${cells.map(csvCell).join(",")}\r\n`;

export type CsvInput = {
  contributions: OutputContribution[];
  groups: Map<string, ConsultationGroup>;
  topics: Map<string, ConsultationTopic>;
  tags: Map<string, SynthesisTag[]>;
};

/** Every given (published) contribution, one row each, the same columns for every reader (titles in the reader's language), with a BOM for spreadsheets. */
export function contributionsCsv(view: ViewContext, input: CsvInput): string {
  const header = ["number", "group", "topic", "question", "breakout", "in_reply_to", "author", "actor_type", "language", "created_at", "tags", "body"];
  // stable column names (not translated), so scripts reading the file work whatever the reader's language
  let out = `\uFEFF${line(header)}`;
  for (const contribution of input.contributions) {
    const group = input.groups.get(contribution.groupId);
    const topic = input.topics.get(contribution.topicId);
    out += line([
      contribution.number,
      group ? `${group.number}. ${localizedString(group.title, view.locale)}` : "",
      topic ? `${topic.number}. ${localizedString(topic.title, view.locale)}` : "",
      contribution.questionNumber,
      contribution.breakoutName ? localizedString(contribution.breakoutName, view.locale) : "",
      contribution.parentNumber,
      // posted on behalf of an organisation: the organisation speaks, as on the contribution's card
      contribution.organisationName ? localizedString(contribution.organisationName, view.locale) : (contribution.authorName ?? ""),
      contribution.actorType ? actorTypeLabel(contribution.actorType, view.locale) : "",
      contribution.language,
      contribution.createdAt.toISOString(),
      (input.tags.get(contribution.id) ?? []).join(" "),
      contribution.body,
    ]);
  }
  return out;
}
