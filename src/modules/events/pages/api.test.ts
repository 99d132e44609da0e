import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createApiToken } from "../../../platform/api/tokens";
import { createTestApp, type TestApp } from "../../../testing/harness";
import { buildUser } from "../../../testing/factories";
import { addSpaceRole, buildSpace } from "../../spaces/factories";
import { buildEvent } from "../factories";

describe("events API: read what one may see, organisers write with events:write", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ isReferenceSeeded: false });
  });
  after(() => t.close());

  const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

  it("lists and reads public fields only — never the meeting link — and hides what the caller may not see", async () => {
    const event = await buildEvent(t.services);
    const members = await buildEvent(t.services, { space: event.space, visibility: "members" });
    const list = await t.app.inject({ url: `/api/v1/spaces/${event.space.slug}/events` });
    assert.equal(list.statusCode, 200);
    const body = list.json() as { data: { id: string; time_zone: string; starts_at: string }[] };
    assert.deepEqual(body.data.map((item) => item.id), [event.id]);
    assert.equal(body.data[0]!.time_zone, "Europe/Berlin");
    assert.ok(!list.body.includes("secret-room"), "no meeting link in the API");
    const one = await t.app.inject({ url: `/api/v1/events/${event.id}` });
    assert.equal(one.statusCode, 200);
    assert.ok(!one.body.includes("secret-room"));
    assert.equal((await t.app.inject({ url: `/api/v1/events/${members.id}` })).statusCode, 404);
    assert.equal((await t.app.inject({ url: `/api/v1/events?cursor=bad` })).statusCode, 400);
  });

  it("an organiser's token creates a draft, changes it, publishes it and opens registration; others are refused", async () => {
    const space = await buildSpace(t.services, { enabledModules: ["events"] });
    const organiser = await buildUser(t.services);
    await addSpaceRole(t.services, space.id, organiser.id, "coordinator");
    const token = await createApiToken(t.services.db, { userId: organiser.id, name: "ci", scopes: ["events:write"] });
    const created = await t.app.inject({
      method: "POST",
      url: `/api/v1/spaces/${space.slug}/events`,
      headers: bearer(token.secret),
      payload: { kind: "online", title: { en: "API seminar" }, startsAt: "2027-10-30T10:00", endsAt: "2027-10-30T12:00", timeZone: "Europe/Berlin", capacity: 10 },
    });
    assert.equal(created.statusCode, 201, created.body);
    const event = created.json() as { id: string; status: string; starts_at: string };
    assert.equal(event.status, "draft");
    assert.equal(event.starts_at, "2027-10-30T08:00:00.000Z");
    assert.equal((await t.app.inject({ url: `/api/v1/events/${event.id}` })).statusCode, 404, "a draft is not open data");

    const changed = await t.app.inject({ method: "PATCH", url: `/api/v1/events/${event.id}`, headers: bearer(token.secret), payload: { title: { en: "API seminar, renamed" } } });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal((changed.json() as { starts_at: string }).starts_at, "2027-10-30T08:00:00.000Z", "fields left out keep their values");
    const bad = await t.app.inject({ method: "PATCH", url: `/api/v1/events/${event.id}`, headers: bearer(token.secret), payload: { timeZone: "Mars/Olympus" } });
    assert.equal(bad.statusCode, 422);
    assert.ok((bad.json() as { error: { fields: Record<string, string> } }).error.fields.time_zone);

    const state = await t.app.inject({ method: "POST", url: `/api/v1/events/${event.id}/state`, headers: bearer(token.secret), payload: { status: "published", registration: "open" } });
    assert.equal(state.statusCode, 200, state.body);
    assert.equal((state.json() as { registration_open: boolean }).registration_open, true);
    assert.equal((await t.app.inject({ url: `/api/v1/events/${event.id}` })).statusCode, 200);

    const stranger = await buildUser(t.services);
    const strangerToken = await createApiToken(t.services.db, { userId: stranger.id, name: "x", scopes: ["events:write"] });
    assert.equal((await t.app.inject({ method: "PATCH", url: `/api/v1/events/${event.id}`, headers: bearer(strangerToken.secret), payload: { title: { en: "Hijacked" } } })).statusCode, 403);
    const readOnly = await createApiToken(t.services.db, { userId: organiser.id, name: "r", scopes: ["private:read"] });
    assert.equal((await t.app.inject({ method: "POST", url: `/api/v1/spaces/${space.slug}/events`, headers: bearer(readOnly.secret), payload: {} })).statusCode, 403);
  });

  it("serves the <convene-events> widget script with an ETag, gzipped on request", async () => {
    const script = await t.app.inject({ url: "/widgets/convene-events.js" });
    assert.equal(script.statusCode, 200);
    assert.match(String(script.headers["content-type"]), /javascript/);
    assert.match(script.body, /customElements\.define\("convene-events"/);
    assert.doesNotMatch(script.body, /innerHTML/, "data is written with textContent only");
    const again = await t.app.inject({ url: "/widgets/convene-events.js", headers: { "if-none-match": String(script.headers.etag) } });
    assert.equal(again.statusCode, 304);
    const zipped = await t.app.inject({ url: "/widgets/convene-events.js", headers: { "accept-encoding": "gzip" } });
    assert.equal(zipped.headers["content-encoding"], "gzip");
  });
});
