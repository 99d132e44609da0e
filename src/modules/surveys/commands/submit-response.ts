import { sql } from "drizzle-orm";
import { queryRows } from "../../../db/sql";
import { isCountryCode } from "../../../platform/countries";
import { AppError, conflict, validationFailed, type FieldErrors } from "../../../platform/errors";
import type { Services } from "../../../platform/services";
import { CONSTITUENCIES } from "../../consultations/schema";
import { ACTOR_TYPE_KEYS } from "../../organisations/actor-types";
import { canActForOrganisation, findOrganisationById } from "../../organisations/queries";
import { checkAnswers, type PostedAnswers } from "../definition";
import { isAccepting, type SurveyView } from "../queries";
import { responseTallies } from "../results";

/**
 * Who is answering. `respondentKey` is what makes a response unique in its survey: the person, the organisation
 * or (anonymous surveys) a hash of a random cookie of the browser — the best an anonymous survey can do.
 */
export type Respondent = { userId: string | null; organisationId: string | null; respondentKey: string; locale: string };

/** What a respondent says about themselves (optional; an organisation's own actor type and country win). */
export type StatedProfile = { actorType: string; country: string; constituency: string };

/** Reads the optional profile answers; an unknown value is a 400 (the form only offers known ones). */
export function checkProfile(input: { actorType?: unknown; country?: unknown; constituency?: unknown }): StatedProfile {
  const text = (value: unknown) => (typeof value === "string" ? value.trim() : "");
  const profile = { actorType: text(input.actorType), country: text(input.country).toUpperCase(), constituency: text(input.constituency) };
  if (profile.actorType && !(ACTOR_TYPE_KEYS as readonly string[]).includes(profile.actorType)) throw new AppError("bad_request", "surveys.answer.error.bad_profile", { actor_type: { key: "surveys.answer.error.bad_profile" } });
  if (profile.country && !isCountryCode(profile.country)) throw new AppError("bad_request", "surveys.answer.error.bad_profile", { country: { key: "surveys.answer.error.bad_profile" } });
  if (profile.constituency && !(CONSTITUENCIES as readonly string[]).includes(profile.constituency)) throw new AppError("bad_request", "surveys.answer.error.bad_profile", { constituency: { key: "surveys.answer.error.bad_profile" } });
  return profile;
}

/**
 * Stores one response: checks the window, the answers (hidden questions' answers dropped, required only when
 * shown) and the respondent, then inserts the response and its answers in one transaction. The unique
 * (survey, respondent_key) constraint makes a second response — even one racing the first — a 409.
 */
export async function submitResponse(services: Services, survey: SurveyView, respondent: Respondent, posted: PostedAnswers, stated: StatedProfile): Promise<string> {
  if (!isAccepting(survey, services.clock.now())) throw conflict("surveys.answer.error.not_open");
  const { rows, errors, isMalformed } = checkAnswers(survey.definition, posted);
  if (isMalformed) throw new AppError("bad_request", "surveys.answer.error.malformed");
  const profile = { ...stated };
  if (survey.respondent === "organisation") {
    const fieldErrors: FieldErrors = {};
    if (!respondent.organisationId || !respondent.userId || !(await canActForOrganisation(services.db, respondent.userId, respondent.organisationId))) {
      fieldErrors.organisation_id = { key: "surveys.answer.error.organisation_required" };
      throw validationFailed({ ...errors, ...fieldErrors });
    }
    const organisation = await findOrganisationById(services.db, respondent.organisationId);
    profile.actorType = organisation?.actorType ?? "";
    profile.country = organisation?.country ?? "";
  }
  if (Object.keys(errors).length) throw validationFailed(errors);
  return services.db.transaction(async (tx) => {
    const [inserted] = await queryRows<{ id: string }>(
      tx,
      sql`insert into survey_responses (survey_id, respondent_key, user_id, organisation_id, actor_type, country, constituency, locale)
        values (${survey.id}, ${respondent.respondentKey}, ${survey.respondent === "anonymous" ? null : respondent.userId}, ${survey.respondent === "organisation" ? respondent.organisationId : null},
          ${profile.actorType}, ${profile.country}, ${profile.constituency}, ${respondent.locale})
        on conflict (survey_id, respondent_key) do nothing returning id`,
    );
    if (!inserted) throw conflict("surveys.answer.error.already_answered");
    if (rows.length) {
      const values = rows.map(
        (row) => sql`(${inserted.id}, ${survey.id}, ${row.questionKey}, ${row.rowKey}, ${row.optionKey}, ${row.textValue}, ${profile.actorType}, ${profile.country}, ${profile.constituency})`,
      );
      await tx.execute(sql`insert into survey_answers (response_id, survey_id, question_key, row_key, option_key, text_value, actor_type, country, constituency) values ${sql.join(values, sql`, `)}`);
    }
    // The results' counters, in one statement, keys in a fixed order (no deadlock between concurrent submits).
    const tallies = responseTallies(rows, profile).map(([question, row, option, dimension, group]) => sql`(${survey.id}, ${question}, ${row}, ${option}, ${dimension}, ${group}, 1)`);
    await tx.execute(sql`insert into survey_tallies (survey_id, question_key, row_key, option_key, dimension, group_key, count) values ${sql.join(tallies, sql`, `)}
      on conflict (survey_id, question_key, row_key, option_key, dimension, group_key) do update set count = survey_tallies.count + 1`);
    await tx.execute(sql`update survey_surveys set response_count = response_count + 1 where id = ${survey.id}`);
    return inserted.id;
  });
}
