import { and, eq, gt, sql } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit/record";
import { AppError, notFound } from "../../../platform/errors";
import type { Services } from "../../../platform/services";
import type { ConsultationForViewer } from "../queries";
import { findTopic, questionContributionCount } from "../queries-structure";
import { consultationQuestions } from "../schema";
import { assertCanManage, parseInput, QuestionInput } from "./consultation-inputs";

/** Guiding questions of a topic: add at the end, reword in each language, remove (then the rest close up). */

export async function addQuestion(services: Services, loaded: ConsultationForViewer, topicNumber: number, input: Record<string, unknown>, ip: string | null = null): Promise<void> {
  assertCanManage(loaded.access);
  const fields = parseInput(QuestionInput, input);
  await services.db.transaction(async (tx) => {
    const { topic, questions } = await findTopic(tx, loaded.consultation.id, topicNumber);
    const number = questions.length ? Math.max(...questions.map((question) => question.number)) + 1 : 1;
    const [question] = await tx.insert(consultationQuestions).values({ topicId: topic.id, number, text: fields.text }).returning({ id: consultationQuestions.id });
    await recordAudit(tx, { actorUserId: loaded.access.viewer?.id ?? null, action: "consultation.question_added", subjectType: "consultation_question", subjectId: question!.id, spaceId: loaded.space.id, details: { topic: topicNumber, number }, ip });
  });
}

export async function updateQuestion(services: Services, loaded: ConsultationForViewer, topicNumber: number, questionNumber: number, input: Record<string, unknown>, ip: string | null = null): Promise<void> {
  assertCanManage(loaded.access);
  const fields = parseInput(QuestionInput, input);
  await services.db.transaction(async (tx) => {
    const { questions } = await findTopic(tx, loaded.consultation.id, topicNumber);
    const question = questions.find((candidate) => candidate.number === questionNumber);
    if (!question) throw notFound();
    await tx.update(consultationQuestions).set({ text: fields.text }).where(eq(consultationQuestions.id, question.id));
    await recordAudit(tx, { actorUserId: loaded.access.viewer?.id ?? null, action: "consultation.question_updated", subjectType: "consultation_question", subjectId: question.id, spaceId: loaded.space.id, details: { topic: topicNumber, number: questionNumber }, ip });
  });
}

/** A question nobody has answered yet may be removed; one with answers stays (its answers would lose their question). */
export async function removeQuestion(services: Services, loaded: ConsultationForViewer, topicNumber: number, questionNumber: number, ip: string | null = null): Promise<void> {
  assertCanManage(loaded.access);
  await services.db.transaction(async (tx) => {
    const { topic, questions } = await findTopic(tx, loaded.consultation.id, topicNumber);
    const question = questions.find((candidate) => candidate.number === questionNumber);
    if (!question) throw notFound();
    if ((await questionContributionCount(tx, question.id)) > 0) throw new AppError("conflict", "consultation.structure.error.question_has_answers");
    await tx.delete(consultationQuestions).where(eq(consultationQuestions.id, question.id));
    // Close the gap one by one in ascending order, so the (topic, number) unique index never sees a clash.
    const later = questions.filter((candidate) => candidate.number > questionNumber);
    for (const candidate of later) await tx.update(consultationQuestions).set({ number: sql`${consultationQuestions.number} - 1` }).where(and(eq(consultationQuestions.id, candidate.id), gt(consultationQuestions.number, 0)));
    await recordAudit(tx, { actorUserId: loaded.access.viewer?.id ?? null, action: "consultation.question_removed", subjectType: "consultation_question", subjectId: question.id, spaceId: loaded.space.id, details: { topic: topicNumber, number: questionNumber, topicId: topic.id }, ip });
  });
}
