import { eq, inArray, or } from "drizzle-orm";
import type { PersonalDataContributor } from "../../platform/auth/personal-data";
import { mentoringMeetings, mentoringMentees, mentoringMentors, mentoringPairs } from "./schema";

/**
 * Mentoring in "export my data": the person's offers and requests in every space, the pairs they are in (their
 * role, the other person's display name, dates) and the meetings logged in those pairs with their notes (notes
 * belong to the pair: both may read them). Deleting the account deletes the person's offers and requests, and with
 * them their pairs and those pairs' meeting logs (the other person loses that log too: it was about both).
 */
export const mentoringPersonalData: PersonalDataContributor = {
  section: "mentoring",
  async exportFor(db, userId) {
    const [offers, requests] = await Promise.all([
      db.select().from(mentoringMentors).where(eq(mentoringMentors.userId, userId)),
      db.select().from(mentoringMentees).where(eq(mentoringMentees.userId, userId)),
    ]);
    const mentorIds = offers.map((offer) => offer.id);
    const menteeIds = requests.map((request) => request.id);
    const pairs = mentorIds.length || menteeIds.length
      ? await db
          .select({ pair: mentoringPairs, mentorName: mentoringMentors.displayName, menteeName: mentoringMentees.displayName })
          .from(mentoringPairs)
          .innerJoin(mentoringMentors, eq(mentoringMentors.id, mentoringPairs.mentorId))
          .innerJoin(mentoringMentees, eq(mentoringMentees.id, mentoringPairs.menteeId))
          .where(or(mentorIds.length ? inArray(mentoringPairs.mentorId, mentorIds) : undefined, menteeIds.length ? inArray(mentoringPairs.menteeId, menteeIds) : undefined))
      : [];
    const meetings = pairs.length ? await db.select().from(mentoringMeetings).where(inArray(mentoringMeetings.pairId, pairs.map((row) => row.pair.id))) : [];
    return {
      offers: offers.map((offer) => ({
        id: offer.id, spaceId: offer.spaceId, displayName: offer.displayName, bio: offer.bio, itemIds: offer.itemIds, tags: offer.tags, languages: offer.languages,
        timeZone: offer.timeZone, capacity: offer.capacity, status: offer.status, programmeId: offer.programmeId, createdAt: offer.createdAt, updatedAt: offer.updatedAt,
      })),
      requests: requests.map((request) => ({
        id: request.id, spaceId: request.spaceId, displayName: request.displayName, needs: request.needs, itemIds: request.itemIds, tags: request.tags,
        languages: request.languages, timeZone: request.timeZone, status: request.status, programmeId: request.programmeId, createdAt: request.createdAt, updatedAt: request.updatedAt,
      })),
      pairs: pairs.map(({ pair, mentorName, menteeName }) => ({
        id: pair.id, spaceId: pair.spaceId, role: mentorIds.includes(pair.mentorId) ? "mentor" : "mentee", mentor: mentorName, mentee: menteeName,
        status: pair.status, confirmedAt: pair.confirmedAt, closedAt: pair.closedAt,
        meetings: meetings.filter((meeting) => meeting.pairId === pair.id).map((meeting) => ({ metOn: meeting.metOn, minutes: meeting.minutes, notes: meeting.notes, isLoggedByMe: meeting.loggedBy === userId })),
      })),
    };
  },
  async onAccountDeleted(db, userId) {
    // Pairs, meetings and rejections go with the offer or request (foreign keys cascade).
    await db.delete(mentoringMentors).where(eq(mentoringMentors.userId, userId));
    await db.delete(mentoringMentees).where(eq(mentoringMentees.userId, userId));
  },
};
