import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { sql } from "drizzle-orm";
import { createTestApp, type TestApp } from "../../../testing/harness";
import { buildUser, XSS } from "../../../testing/factories";
import { queryRows } from "../../../db/sql";
import { moderateSubject } from "../../../platform/moderation/commands/moderate-subject";
import { addSpaceRole } from "../../spaces/factories";
import { buildConsultation } from "../../consultations/factories";
import { buildEvent, type BuiltEvent } from "../factories";
import { addUnconferenceRoom, addUnconferenceSlot, configureUnconference, removeUnconferencePlace } from "./commands/configure-unconference";
import { buildUnconferenceSchedule, pinProposal } from "./commands/build-schedule";
import { openNotesTopic } from "./commands/open-notes-topic";
import { publishUnconferenceSchedule } from "./commands/publish-schedule";
import { submitProposal, withdrawProposal, type ProposalInput } from "./commands/submit-proposal";
import { voteForProposal } from "./commands/vote-proposal";
import { PROPOSAL_SUBJECT } from "./moderation-subject";
import { seedUnconferenceDemo } from "./seed";
import { findUnconference, listProposals, scheduleOf, unconferenceRooms, unconferenceSlots } from "./queries";

const HOUR = 3_600_000;
const proposalInput = (title: string, extra: Partial<ProposalInput> = {}): ProposalInput => ({ title, description: `${XSS} what we will do`, format: "discussion", language: "ru", availableSlotIds: [], preferredSlotIds: [], ...extra });

describe("unconference: proposals, votes, schedule, publishing", () => {
  let t: TestApp;
  let event: BuiltEvent;
  let organiser: { id: string };
  let made = 0;
  before(async () => {
    t = await createTestApp({ isReferenceSeeded: false });
    event = await buildEvent(t.services);
    organiser = { id: event.space.createdBy };
  });
  after(() => t.close());

  /** A fresh event with an open unconference, two rooms (30, 10) and two one-hour slots. */
  async function openUnconference(state = "proposals"): Promise<{ event: BuiltEvent; slots: string[]; rooms: string[] }> {
    const fresh = await buildEvent(t.services, { space: event.space, slug: `unconf-${++made}`, endsAt: new Date(event.startsAt.getTime() + 4 * HOUR), startsAt: event.startsAt });
    await configureUnconference(t.services, organiser, fresh, { state, votesPerPerson: 2 });
    await addUnconferenceRoom(t.services, organiser, fresh, { name: "Big hall", capacity: 30 });
    await addUnconferenceRoom(t.services, organiser, fresh, { name: "Small room", capacity: 10 });
    await addUnconferenceSlot(t.services, organiser, fresh, { startsAt: fresh.startsAt, endsAt: new Date(fresh.startsAt.getTime() + HOUR) });
    await addUnconferenceSlot(t.services, organiser, fresh, { startsAt: new Date(fresh.startsAt.getTime() + HOUR), endsAt: new Date(fresh.startsAt.getTime() + 2 * HOUR) });
    return { event: fresh, slots: (await unconferenceSlots(t.services.db, fresh.id)).map((s) => s.id), rooms: (await unconferenceRooms(t.services.db, fresh.id)).map((r) => r.id) };
  }

  it("checks the set-up: votes per person, room capacity, slots inside the event and not overlapping", async () => {
    const { event: ev } = await openUnconference();
    await assert.rejects(configureUnconference(t.services, organiser, ev, { state: "voting", votesPerPerson: 0 }), (error: { fields: Record<string, unknown> }) => "votesPerPerson" in error.fields);
    await assert.rejects(addUnconferenceRoom(t.services, organiser, ev, { name: "", capacity: "-3" }), (error: { fields: Record<string, unknown> }) => "name" in error.fields && "capacity" in error.fields);
    await assert.rejects(addUnconferenceSlot(t.services, organiser, ev, { startsAt: new Date(ev.startsAt.getTime() + 30 * 60_000), endsAt: new Date(ev.startsAt.getTime() + 90 * 60_000) }), { messageKey: "events.unconference.error.slot_overlaps" });
    await assert.rejects(addUnconferenceSlot(t.services, organiser, ev, { startsAt: new Date(ev.startsAt.getTime() - HOUR), endsAt: ev.startsAt }), (error: { fields: Record<string, unknown> }) => "startsAt" in error.fields);
  });

  it("sends proposals through the moderation gate: a first post held under pre-moderation, approved by a moderator", async () => {
    const { event: ev } = await openUnconference();
    await t.services.db.execute(sql`insert into moderation_settings (space_id, premoderate_first_posts) values (${ev.spaceId}, 1) on conflict (space_id) do update set premoderate_first_posts = 1`);
    const host = await buildUser(t.services);
    const held = await submitProposal(t.services, host, ev, proposalInput("Water and villages"));
    assert.equal(held.status, "pending");
    assert.ok(held.reason.length > 0);
    assert.deepEqual((await listProposals(t.services.db, ev.id, ["published"])).map((p) => p.id), []);
    // the host sees their own held proposal with the reason
    assert.deepEqual((await listProposals(t.services.db, ev.id, ["published"], host.id)).map((p) => [p.id, p.status]), [[held.id, "pending"]]);
    // a vote for a held proposal is a 404: it is not out yet
    await assert.rejects(voteForProposal(t.services, await buildUser(t.services), ev, held.id, true), { code: "not_found" });
    await moderateSubject(t.services, organiser, { spaceId: ev.spaceId, subjectType: PROPOSAL_SUBJECT, subjectId: held.id, decision: "approve", reason: "" });
    assert.deepEqual((await listProposals(t.services.db, ev.id, ["published"])).map((p) => p.id), [held.id]);
    const [log] = await queryRows<{ action: string }>(t.services.db, sql`select action from moderation_log where subject_id = ${held.id} order by id`);
    assert.equal(log?.action, "held");
    await t.services.db.execute(sql`update moderation_settings set premoderate_first_posts = 0 where space_id = ${ev.spaceId}`);
  });

  it("refuses proposals when closed, bad slots and preferences outside availability, keeping nothing", async () => {
    const { event: ev, slots } = await openUnconference("voting");
    const host = await buildUser(t.services);
    await assert.rejects(submitProposal(t.services, host, ev, proposalInput("Late")), { messageKey: "events.unconference.error.proposals_closed" });
    await configureUnconference(t.services, organiser, ev, { state: "proposals", votesPerPerson: 2 });
    await assert.rejects(submitProposal(t.services, host, ev, proposalInput("", { format: "karaoke" })), (error: { fields: Record<string, unknown> }) => "title" in error.fields && "format" in error.fields);
    await assert.rejects(submitProposal(t.services, host, ev, proposalInput("Pref", { availableSlotIds: [slots[0]!], preferredSlotIds: [slots[1]!] })), (error: { fields: Record<string, unknown> }) => "preferredSlotIds" in error.fields);
    await assert.rejects(submitProposal(t.services, host, ev, proposalInput("Alien slot", { availableSlotIds: ["00000000-0000-4000-8000-000000000000"] })), (error: { fields: Record<string, unknown> }) => "availableSlotIds" in error.fields);
    assert.equal((await listProposals(t.services.db, ev.id, ["published", "pending"])).length, 0);
  });

  it("limits votes per person, keeps counts, and lets a vote be taken back", async () => {
    const { event: ev } = await openUnconference();
    const host = await buildUser(t.services);
    const ids = [];
    for (const title of ["A", "B", "C"]) ids.push((await submitProposal(t.services, host, ev, proposalInput(title))).id);
    const voter = await buildUser(t.services);
    assert.deepEqual(await voteForProposal(t.services, voter, ev, ids[0]!, true), { votesLeft: 1 });
    assert.deepEqual(await voteForProposal(t.services, voter, ev, ids[0]!, true), { votesLeft: 1 }, "voting twice counts once");
    assert.deepEqual(await voteForProposal(t.services, voter, ev, ids[1]!, true), { votesLeft: 0 });
    await assert.rejects(voteForProposal(t.services, voter, ev, ids[2]!, true), { messageKey: "events.unconference.error.no_votes_left" });
    assert.deepEqual(await voteForProposal(t.services, voter, ev, ids[0]!, false), { votesLeft: 1 });
    assert.deepEqual(await voteForProposal(t.services, voter, ev, ids[2]!, true), { votesLeft: 0 });
    const votes = new Map((await listProposals(t.services.db, ev.id, ["published"])).map((p) => [p.id, p.votes]));
    assert.deepEqual([votes.get(ids[0]!), votes.get(ids[1]!), votes.get(ids[2]!)], [0, 1, 1]);
    // concurrent votes of one person cannot pass the limit together
    const other = await buildUser(t.services);
    const results = await Promise.allSettled(ids.map((id) => voteForProposal(t.services, other, ev, id, true)));
    assert.equal(results.filter((r) => r.status === "fulfilled").length, 2);
    const [count] = await queryRows<{ n: number }>(t.services.db, sql`select count(*)::int as n from event_proposal_votes where event_id = ${ev.id} and user_id = ${other.id}`);
    assert.equal(count?.n, 2);
  });

  it("builds from the votes, keeps pins, explains what is left out, and publishes agenda sessions", async () => {
    const { event: ev, slots, rooms } = await openUnconference();
    const hostA = await buildUser(t.services);
    const hostB = await buildUser(t.services);
    const popular = (await submitProposal(t.services, hostA, ev, proposalInput("Popular"))).id;
    const related = (await submitProposal(t.services, hostB, ev, proposalInput("Related"))).id;
    const quiet = (await submitProposal(t.services, hostB, ev, proposalInput("Quiet", { availableSlotIds: [slots[1]!] }))).id;
    const extra = (await submitProposal(t.services, hostA, ev, proposalInput("Extra"))).id;
    const hostC = await buildUser(t.services);
    const unwanted = (await submitProposal(t.services, hostC, ev, proposalInput("Unwanted"))).id;
    // popular and related share voters: they should not run at the same time
    for (let i = 0; i < 4; i++) {
      const voter = await buildUser(t.services);
      await voteForProposal(t.services, voter, ev, popular, true);
      await voteForProposal(t.services, voter, ev, i < 3 ? related : extra, true);
    }
    await voteForProposal(t.services, await buildUser(t.services), ev, quiet, true);
    await configureUnconference(t.services, organiser, ev, { state: "scheduling", votesPerPerson: 2 });
    const result = await buildUnconferenceSchedule(t.services, organiser, ev);
    const at = new Map((await scheduleOf(t.services.db, ev.id)).map((p) => [p.proposalId, p]));
    assert.equal(at.get(popular)?.roomId, rooms[0], "most votes → biggest room");
    assert.notEqual(at.get(popular)?.slotId, at.get(related)?.slotId, "shared voters → different slots");
    assert.equal(at.get(quiet)?.slotId, slots[1], "host availability");
    assert.equal(result.placements.length + result.unplaced.length, 5, "nothing lost");
    assert.deepEqual(result.unplaced.map((u) => u.proposalId), [unwanted]);
    const report = (await findUnconference(t.services.db, ev.id))?.buildReport;
    assert.deepEqual(report?.unplaced.map((u) => [u.proposalId, u.reason]), [[unwanted, "no_free_room"]]);

    // pin the unwanted proposal into the big room of the first slot: whoever held it trades places
    const displaced = [...at.values()].find((p) => p.slotId === slots[0] && p.roomId === rooms[0])!.proposalId;
    await pinProposal(t.services, organiser, ev, { proposalId: unwanted, slotId: slots[0]!, roomId: rooms[0]! });
    await buildUnconferenceSchedule(t.services, organiser, ev);
    const rebuilt = new Map((await scheduleOf(t.services.db, ev.id)).map((p) => [p.proposalId, p]));
    assert.deepEqual([rebuilt.get(unwanted)?.slotId, rebuilt.get(unwanted)?.roomId, rebuilt.get(unwanted)?.isPinned], [slots[0], rooms[0], true], "a rebuild keeps the pin");
    assert.ok(rebuilt.size === 4 && (rebuilt.has(displaced) || (await findUnconference(t.services.db, ev.id))!.buildReport!.unplaced.some((u) => u.proposalId === displaced)));
    await assert.rejects(pinProposal(t.services, organiser, ev, { proposalId: popular, slotId: slots[0]!, roomId: rooms[0]! }), { messageKey: "events.unconference.error.cell_pinned" });

    const { sessions } = await publishUnconferenceSchedule(t.services, organiser, ev);
    assert.equal(sessions, 4);
    const rows = await queryRows<{ proposal_id: string; type: string; room: string; starts_at: Date; title: Record<string, string>; description_html: Record<string, string>; speaker: string | null }>(
      t.services.db,
      sql`select s.proposal_id, s.type, s.room, s.starts_at, s.title, s.description_html, (select p.user_id from event_session_people p where p.session_id = s.id and p.role = 'speaker') as speaker
          from event_sessions s where s.event_id = ${ev.id}`,
    );
    assert.equal(rows.length, 4);
    assert.ok(rows.every((row) => row.type === "unconference"));
    const unwantedSession = rows.find((row) => row.proposal_id === unwanted)!;
    assert.equal(unwantedSession.room, "Big hall");
    assert.equal(new Date(unwantedSession.starts_at).getTime(), ev.startsAt.getTime());
    assert.deepEqual(unwantedSession.title, { ru: "Unwanted" });
    assert.equal(unwantedSession.speaker, hostC.id);
    assert.ok(!unwantedSession.description_html.ru!.includes("<script>"), "description escaped");
    assert.equal((await findUnconference(t.services.db, ev.id))?.state, "published");

    // withdrawing a scheduled proposal and publishing again removes its session
    await assert.rejects(withdrawProposal(t.services, hostA, ev, unwanted), { code: "not_found" }, "only the host withdraws");
    await withdrawProposal(t.services, hostC, ev, unwanted);
    await publishUnconferenceSchedule(t.services, organiser, ev);
    const [left] = await queryRows<{ n: number }>(t.services.db, sql`select count(*)::int as n from event_sessions where event_id = ${ev.id} and proposal_id = ${unwanted}`);
    assert.equal(left?.n, 0);
    // removing a slot frees what was scheduled in it, never the proposals
    await removeUnconferencePlace(t.services, organiser, ev, "slot", slots[1]!);
    assert.ok((await scheduleOf(t.services.db, ev.id)).every((p) => p.slotId !== slots[1]));
    assert.equal((await listProposals(t.services.db, ev.id, ["published"])).length, 4);
  });

  it("opens a consultation topic for a published session's notes", async () => {
    const { event: ev } = await openUnconference();
    const host = await buildUser(t.services);
    const proposalId = (await submitProposal(t.services, host, ev, proposalInput("Notes please"))).id;
    await buildUnconferenceSchedule(t.services, organiser, ev);
    await publishUnconferenceSchedule(t.services, organiser, ev);
    const consultation = await buildConsultation(t.services, { spaceId: ev.spaceId, spaceSlug: ev.space.slug });
    const [session] = await queryRows<{ id: string }>(t.services.db, sql`select id from event_sessions where proposal_id = ${proposalId}`);
    const coordinator = await buildUser(t.services);
    await addSpaceRole(t.services, ev.spaceId, coordinator.id, "coordinator");
    const viewer = { id: coordinator.id, isPlatformAdmin: false };
    const { topicPath } = await openNotesTopic(t.services, viewer, ev, { sessionId: session!.id, spaceSlug: ev.space.slug, consultationSlug: consultation.slug, groupNumber: consultation.groups[0]!.number, title: { ru: "Notes please" } });
    assert.match(topicPath, new RegExp(`/consultations/${consultation.slug}/topics/\\d+$`));
    const [linked] = await queryRows<{ title: Record<string, string> }>(
      t.services.db,
      sql`select t.title from event_sessions s join consultation_topics t on t.id = s.consultation_topic_id where s.id = ${session!.id}`,
    );
    assert.deepEqual(linked?.title, { ru: "Notes please" });
    await assert.rejects(openNotesTopic(t.services, viewer, ev, { sessionId: session!.id, spaceSlug: ev.space.slug, consultationSlug: consultation.slug, groupNumber: 1, title: { ru: "x" } }), { messageKey: "events.unconference.error.notes_open" });
  });

  it("seeds the demo: proposals, votes and a built schedule with nothing lost, once", async () => {
    const fresh = await buildEvent(t.services, { space: event.space, slug: "demo-unconference", startsAt: event.startsAt, endsAt: new Date(event.startsAt.getTime() + 6 * HOUR) });
    const demo = { adminUserId: organiser.id, memberUserId: (await buildUser(t.services)).id, facilitatorUserId: (await buildUser(t.services)).id, organisationIds: {}, spaceIds: {} };
    await seedUnconferenceDemo(t.services, demo, fresh);
    await seedUnconferenceDemo(t.services, demo, fresh);
    const proposals = await listProposals(t.services.db, fresh.id, ["published"]);
    assert.equal(proposals.length, 5);
    const settings = await findUnconference(t.services.db, fresh.id);
    assert.equal(settings?.state, "scheduling");
    assert.equal((await scheduleOf(t.services.db, fresh.id)).length + settings!.buildReport!.unplaced.length, 5);
    assert.equal(settings!.buildReport!.quality.totalVotes, 9);
  });
});
