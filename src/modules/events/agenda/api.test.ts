import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createApiToken } from "../../../platform/api/tokens";
import { createTestApp, type TestApp } from "../../../testing/harness";
import { buildUser } from "../../../testing/factories";
import { addSpaceRole, buildSpace } from "../../spaces/factories";
import { buildEvent, type BuiltEvent } from "../factories";

describe("events agenda API: sessions and speakers, read and write", () => {
  let t: TestApp;
  let event: BuiltEvent;
  let writer: string;
  let reader: string;
  let speakerEmail: string;

  before(async () => {
    t = await createTestApp({ isReferenceSeeded: false });
    const space = await buildSpace(t.services, { enabledModules: ["events"] });
    event = await buildEvent(t.services, { space, startsAt: new Date("2026-03-09T08:00:00Z"), endsAt: new Date("2026-03-09T16:00:00Z") });
    const organiser = await buildUser(t.services);
    await addSpaceRole(t.services, space.id, organiser.id, "coordinator");
    writer = (await createApiToken(t.services.db, { userId: organiser.id, name: "agenda", scopes: ["events:write"] })).secret;
    reader = (await createApiToken(t.services.db, { userId: organiser.id, name: "read only", scopes: ["private:read"] })).secret;
    speakerEmail = (await buildUser(t.services, { displayName: "Platform Speaker" })).email;
  });
  after(() => t.close());

  const call = (method: "GET" | "POST" | "PUT" | "DELETE", url: string, token?: string, payload?: unknown) =>
    t.app.inject({ method, url, payload: payload as object, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), accept: "application/json" } });

  const body = (overrides: Record<string, unknown> = {}) => ({
    title: { en: "Panel on water", ru: "Панель о воде" },
    type: "panel",
    starts_at: "2026-03-09T10:00",
    ends_at: "2026-03-09T11:00",
    room: "Hall A",
    people: [{ role: "speaker", email: speakerEmail }, { role: "moderator", name: "Guest", organisation: "Steppe NGO" }],
    ...overrides,
  });

  it("lets an organiser's token add, replace and delete sessions; the public reads them without addresses", async () => {
    const created = await call("POST", `/api/v1/events/${event.id}/sessions`, writer, body());
    assert.equal(created.statusCode, 201, created.body);
    const session = created.json();
    assert.equal(session.starts_at, "2026-03-09T09:00:00.000Z");
    const list = await call("GET", `/api/v1/events/${event.id}/sessions`);
    assert.equal(list.statusCode, 200);
    const [read] = list.json().data;
    assert.deepEqual(read.people.map((person: { name: string; is_platform_user: boolean }) => [person.name, person.is_platform_user]), [["Platform Speaker", true], ["Guest", false]]);
    assert.ok(!list.body.includes(speakerEmail), "never a person's address");
    assert.ok(!list.body.includes("secret-room"), "never the meeting link");

    const replaced = await call("PUT", `/api/v1/events/${event.id}/sessions/${session.id}`, writer, body({ room: "Hall B", people: [] }));
    assert.equal(replaced.statusCode, 200, replaced.body);
    assert.equal(replaced.json().room, "Hall B");
    assert.equal(replaced.json().people.length, 0);
    assert.equal((await call("DELETE", `/api/v1/events/${event.id}/sessions/${session.id}`, writer)).statusCode, 204);
    assert.equal((await call("GET", `/api/v1/events/${event.id}/sessions`)).json().data.length, 0);
  });

  it("refuses bad input with the field named, a token without the scope, and anyone who does not organise", async () => {
    const bad = await call("POST", `/api/v1/events/${event.id}/sessions`, writer, body({ starts_at: "2026-03-10T10:00", ends_at: "2026-03-10T11:00" }));
    assert.equal(bad.statusCode, 422);
    assert.ok(bad.json().error.fields.starts_at);
    assert.equal((await call("POST", `/api/v1/events/${event.id}/sessions`, reader, body())).statusCode, 403);
    assert.equal((await call("POST", `/api/v1/events/${event.id}/sessions`, undefined, body())).statusCode, 401);
    const stranger = await buildUser(t.services);
    const strangerToken = (await createApiToken(t.services.db, { userId: stranger.id, name: "x", scopes: ["events:write"] })).secret;
    assert.equal((await call("POST", `/api/v1/events/${event.id}/sessions`, strangerToken, body())).statusCode, 404);
    const hidden = await buildEvent(t.services, { status: "draft" });
    assert.equal((await call("GET", `/api/v1/events/${hidden.id}/sessions`)).statusCode, 404);
    assert.equal((await call("GET", "/api/v1/events/not-a-uuid/sessions")).statusCode, 404);
  });
});
