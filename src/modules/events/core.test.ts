import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { sql } from "drizzle-orm";
import nodeIcal from "node-ical";
import { createTestApp, type TestApp } from "../../testing/harness";
import { buildUser } from "../../testing/factories";
import { queryRows } from "../../db/sql";
import { addSpaceRole, buildSpace } from "../spaces/factories";
import { updateEvent } from "./commands/save-event";
import { buildEvent } from "./factories";
import { buildCalendar, eventCalendarItem } from "./ics";
import { instantIn, readEventInput, wallClock, type EventFields } from "./inputs";
import { eventMeetingUrl, findEventInSpace, visibleEventCondition } from "./queries";
import type { Viewer } from "../spaces/permissions";

const NO_CHOICES = { targetIds: new Set<string>(), seriesIds: new Set<string>(), organisationIds: new Set<string>() };

describe("events: the core read model, saving, visibility and iCalendar", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ isReferenceSeeded: false });
  });
  after(() => t.close());

  it("reads wall-clock times in the event's zone across a DST change", () => {
    assert.equal(instantIn("2027-03-27T10:00", "Europe/Berlin")?.toISOString(), "2027-03-27T09:00:00.000Z");
    assert.equal(instantIn("2027-03-28T10:00", "Europe/Berlin")?.toISOString(), "2027-03-28T08:00:00.000Z");
    assert.equal(instantIn("2027-03-28T10:00:00+05:00", "Europe/Berlin")?.toISOString(), "2027-03-28T05:00:00.000Z");
    assert.equal(instantIn("yesterday", "Europe/Berlin"), null);
    assert.equal(wallClock(new Date("2027-03-28T08:00:00Z"), "Europe/Berlin"), "2027-03-28T10:00");
  });

  it("names each bad field of an event with a translated key", () => {
    const { errors } = readEventInput(
      { kind: "party", title: {}, timeZone: "Mars/Olympus", startsAt: "2027-05-12T10:00", endsAt: "2027-05-12T09:00", meetingUrl: "javascript:alert(1)", capacity: "-3" },
      NO_CHOICES,
    );
    assert.deepEqual(Object.keys(errors).sort(), ["capacity", "ends_at", "kind", "meeting_url", "time_zone", "title", "venue_name"].sort());
    const { errors: timeErrors } = readEventInput(
      { kind: "online", title: { en: "A" }, timeZone: "Europe/Berlin", startsAt: "2027-05-12T10:00", endsAt: "2027-05-12T09:00" },
      NO_CHOICES,
    );
    assert.deepEqual(timeErrors, { ends_at: { key: "events.error.ends_before_start" } });
  });

  it("keeps the meeting link out of the read model and bumps SEQUENCE on a change calendars show", async () => {
    const event = await buildEvent(t.services);
    assert.ok(!JSON.stringify(event).includes("secret-room-4711"), "the meeting link is not in an EventView");
    assert.equal(event.hasMeetingUrl, true);
    assert.equal(await eventMeetingUrl(t.services.db, event.id), "https://meet.example.org/secret-room-4711");
    const { fields } = readEventInput(
      { ...event, kind: event.kind, startsAt: new Date(event.startsAt.getTime() + 3_600_000), endsAt: new Date(event.endsAt.getTime() + 3_600_000), meetingUrl: "https://meet.example.org/secret-room-4711", capacity: "" },
      NO_CHOICES,
    );
    const updated = await updateEvent(t.services, { id: event.space.createdBy }, event.id, fields as EventFields);
    assert.equal(updated.sequence, event.sequence + 1);
    const jobs = await queryRows<{ kind: string; payload: { eventId: string; change: string } }>(t.services.db, sql`select kind, payload from jobs where kind = 'events.changed'`);
    assert.deepEqual(jobs.map((job) => [job.payload.eventId, job.payload.change]), [[event.id, "updated"]]);
    const same = await updateEvent(t.services, { id: event.space.createdBy }, event.id, fields as EventFields);
    assert.equal(same.sequence, updated.sequence, "saving without a calendar change keeps SEQUENCE");
  });

  it("shows members-only and invitation-only events only to those they are for", async () => {
    const space = await buildSpace(t.services, { enabledModules: ["events"] });
    const member = await buildUser(t.services);
    const stranger = await buildUser(t.services);
    const invited = await buildUser(t.services);
    await addSpaceRole(t.services, space.id, member.id, "member");
    const open = await buildEvent(t.services, { space });
    const members = await buildEvent(t.services, { space, visibility: "members" });
    const invitation = await buildEvent(t.services, { space, visibility: "invitation" });
    const draft = await buildEvent(t.services, { space, status: "draft" });
    await t.services.db.execute(sql`insert into event_invitations (event_id, email, token_hash) values (${invitation.id}, ${invited.email.toUpperCase()}, 'x')`);
    const seen = async (viewer: Viewer) =>
      (await queryRows<{ id: string }>(t.services.db, sql`select e.id from events e where e.space_id = ${space.id} and ${visibleEventCondition(viewer)}`)).map((row) => row.id).sort();
    assert.deepEqual(await seen(null), [open.id]);
    assert.deepEqual(await seen({ id: stranger.id, isPlatformAdmin: false }), [open.id]);
    assert.deepEqual(await seen({ id: member.id, isPlatformAdmin: false }), [open.id, members.id].sort());
    assert.deepEqual(await seen({ id: invited.id, isPlatformAdmin: false }), [open.id, invitation.id].sort());
    assert.deepEqual(await seen({ id: space.createdBy, isPlatformAdmin: true }), [open.id, members.id, invitation.id, draft.id].sort());
    const privateSpace = await buildSpace(t.services, { enabledModules: ["events"], visibility: "private" });
    const hidden = await buildEvent(t.services, { space: privateSpace });
    assert.equal((await queryRows(t.services.db, sql`select 1 from events e where e.id = ${hidden.id} and ${visibleEventCondition(null)}`)).length, 0);
    assert.ok(await findEventInSpace(t.services.db, privateSpace.id, hidden.slug));
  });

  it("writes iCalendar that an independent parser reads back at the same instants, in the event's zone", async () => {
    const berlin = await buildEvent(t.services, { startsAt: new Date("2027-03-28T00:30:00Z"), endsAt: new Date("2027-03-28T02:30:00Z") });
    const almaty = await buildEvent(t.services, { timeZone: "Asia/Almaty", startsAt: new Date("2027-11-02T04:00:00Z"), endsAt: new Date("2027-11-02T06:00:00Z") });
    const items = [berlin, almaty].map((event) => eventCalendarItem(event, { spaceSlug: event.space.slug, locale: "en", publicUrl: "http://convene.test" }));
    const text = buildCalendar({ name: "Events", items, now: t.clock.now() });
    assert.match(text, /DTSTART;TZID=Europe\/Berlin:20270328T013000/, "01:30 CET, before the clocks go forward at 02:00");
    assert.match(text, /DTEND;TZID=Europe\/Berlin:20270328T043000/, "04:30 CEST, after the change");
    assert.match(text, /BEGIN:VTIMEZONE\r?\nTZID:Asia\/Almaty/);
    assert.ok(!text.includes("secret-room"), "no meeting link in a calendar");
    const parsed = Object.values(nodeIcal.sync.parseICS(text)).filter((item) => item?.type === "VEVENT") as nodeIcal.VEvent[];
    const byUid = new Map(parsed.map((item) => [item.uid, item]));
    for (const event of [berlin, almaty]) {
      const item = byUid.get(`event-${event.id}@convene.test`);
      assert.ok(item, "stable UID");
      assert.equal(new Date(item.start).toISOString(), event.startsAt.toISOString());
      assert.equal(new Date(item.end as Date).toISOString(), event.endsAt.toISOString());
      assert.equal(Number(item.sequence), event.sequence);
    }
  });
});
