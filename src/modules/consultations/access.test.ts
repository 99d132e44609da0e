import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createTestApp, type TestApp } from "../../testing/harness";
import { buildUser } from "../../testing/factories";
import { addSpaceRole, buildSpace } from "../spaces/factories";
import { DAY_MS } from "../../platform/clock";
import { buildBreakouts, buildConsultation, buildContribution } from "./factories";
import { loadConsultationForViewer, loadTopicForViewer } from "./queries";
import { innermostWindow, windowState } from "./state";

describe("consultation windows", () => {
  const at = (iso: string) => new Date(iso);
  test("a topic's window is narrowed by its group's and consultation's", () => {
    const window = innermostWindow(
      { opensAt: at("2026-10-01T00:00:00Z"), closesAt: at("2026-10-15T00:00:00Z") },
      { opensAt: at("2026-10-04T00:00:00Z"), closesAt: null },
      { opensAt: null, closesAt: at("2026-10-20T00:00:00Z") },
    );
    assert.deepEqual(window, { opensAt: at("2026-10-04T00:00:00Z"), closesAt: at("2026-10-15T00:00:00Z") });
  });
  test("states follow the clock: upcoming, open at the opening instant, closed at the closing instant, archived", () => {
    const window = { opensAt: at("2026-10-04T00:00:00Z"), closesAt: at("2026-10-11T00:00:00Z") };
    assert.equal(windowState(window, at("2026-10-03T23:59:59Z")), "upcoming");
    assert.equal(windowState(window, at("2026-10-04T00:00:00Z")), "open");
    assert.equal(windowState(window, at("2026-10-11T00:00:00Z")), "closed");
    assert.equal(windowState(window, at("2026-10-05T00:00:00Z"), at("2026-10-05T00:00:00Z")), "archived");
    assert.equal(windowState({ opensAt: null, closesAt: null }, at("2030-01-01T00:00:00Z")), "open");
  });
});

describe("who sees a consultation and who may post", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  test("drafts are seen by coordinators and facilitators only; members-only ones by people with a role in the space", async () => {
    const space = await buildSpace(t.services, { enabledModules: ["consultations"] });
    const coordinator = await buildUser(t.services);
    const member = await buildUser(t.services);
    const outsider = await buildUser(t.services);
    await addSpaceRole(t.services, space.id, coordinator.id, "coordinator");
    await addSpaceRole(t.services, space.id, member.id, "member");
    const draft = await buildConsultation(t.services, { spaceId: space.id, spaceSlug: space.slug, status: "draft" });
    const membersOnly = await buildConsultation(t.services, { spaceId: space.id, spaceSlug: space.slug, visibility: "members" });
    const now = t.clock.now();
    const as = (user: { id: string } | null) => (user ? { id: user.id, isPlatformAdmin: false } : null);

    const coordinatorView = await loadConsultationForViewer(t.services.db, space.slug, draft.slug, as(coordinator), now);
    assert.equal(coordinatorView.access.canManage, true);
    for (const viewer of [member, outsider, null]) {
      await assert.rejects(loadConsultationForViewer(t.services.db, space.slug, draft.slug, as(viewer), now), { code: "not_found" });
    }
    const memberView = await loadTopicForViewer(t.services.db, space.slug, membersOnly.slug, "1", as(member), now);
    assert.equal(memberView.canContribute, true);
    assert.equal(memberView.questions.length, 2);
    for (const viewer of [outsider, null]) {
      await assert.rejects(loadConsultationForViewer(t.services.db, space.slug, membersOnly.slug, as(viewer), now), { code: "not_found" });
    }
    await assert.rejects(loadTopicForViewer(t.services.db, space.slug, membersOnly.slug, "99", as(member), now), { code: "not_found" });
    await assert.rejects(loadTopicForViewer(t.services.db, space.slug, membersOnly.slug, "1x", as(member), now), { code: "not_found" });
  });

  test("posting needs a verified account and an open topic; a session with breakouts needs a seat in one", async () => {
    const now = t.clock.now();
    const unverified = await buildUser(t.services, { isVerified: false });
    const participant = await buildUser(t.services);
    const seated = await buildUser(t.services);
    const consultation = await buildConsultation(t.services, {
      groups: [
        { topics: [{ opensAt: new Date(now.getTime() + DAY_MS) }, { closesAt: new Date(now.getTime() - DAY_MS) }, {}] },
        { kind: "session", topics: [{}] },
      ],
    });
    const topic = (number: string, user: { id: string }) =>
      loadTopicForViewer(t.services.db, consultation.spaceSlug, consultation.slug, number, { id: user.id, isPlatformAdmin: false }, now);
    assert.equal((await topic("1", participant)).topicState, "upcoming");
    assert.equal((await topic("1", participant)).canContribute, false);
    assert.equal((await topic("2", participant)).topicState, "closed");
    assert.equal((await topic("3", participant)).canContribute, true);
    assert.equal((await topic("3", unverified)).canContribute, false);
    assert.equal((await topic("4", participant)).canContribute, true, "a session without breakouts is open to all");
    const [breakoutId] = await buildBreakouts(t.services, consultation.groups[1]!.id, [[seated.id]]);
    assert.equal((await topic("4", participant)).canContribute, false);
    const seatedView = await topic("4", seated);
    assert.equal(seatedView.canContribute, true);
    assert.equal(seatedView.breakout?.id, breakoutId);
    const reply = await buildContribution(t.services, { consultationId: consultation.id, topicId: consultation.groups[0]!.topics[2]!.id }, {});
    assert.ok(reply.number > 0);
  });
});
