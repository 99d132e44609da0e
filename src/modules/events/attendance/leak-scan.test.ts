import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { RouteOptions } from "fastify";
import { createTestApp, Browser, type TestApp } from "../../../testing/harness";
import { buildUser, type BuiltUser } from "../../../testing/factories";
import { buildOrganisation } from "../../organisations/factories";
import { addSpaceRole } from "../../spaces/factories";
import { buildEvent, type BuiltEvent } from "../factories";
import { joinToken } from "./codes";
import { buildRegistration, type BuiltRegistration } from "./factories";

// The meeting link of an online or hybrid event reaches a confirmed registrant only through their personal
// /events/join/<token> redirect. This scan asks every GET route the app has — whichever part of Convene added
// it, including routes added after this test was written — as an anonymous reader, a signed-in stranger, a
// member of the space and a waitlisted registrant, as HTML and (for the API, feeds and widgets) as JSON, and
// checks that neither the meeting link nor anyone's join link is in any answer or any log line.

const MEETING = "https://meet.example.org/secret-room-4711";
const MEETING_FRAGMENT = "secret-room-4711";

describe("events attendance: the meeting link and join links never leak", () => {
  let t: TestApp;
  const routes: string[] = [];
  const logLines: string[] = [];
  let event: BuiltEvent;
  let organiser: BuiltUser;
  let confirmed: BuiltRegistration;
  let waitlisted: BuiltRegistration;
  let member: BuiltUser;
  let tokens: string[];

  before(async () => {
    t = await createTestApp({
      isReferenceSeeded: false,
      onRoute: (route: RouteOptions) => {
        const methods = [route.method].flat();
        if (methods.includes("GET") && !route.url.includes("*")) routes.push(route.url);
      },
      logger: { level: "info", stream: { write: (line: string) => void logLines.push(line) } },
    });
    organiser = await buildUser(t.services);
    member = await buildUser(t.services);
    event = await buildEvent(t.services, { capacity: 1 });
    await addSpaceRole(t.services, event.space.id, organiser.id, "coordinator");
    await addSpaceRole(t.services, event.space.id, member.id, "member");
    const organisation = await buildOrganisation(t.services);
    confirmed = await buildRegistration(t.services, event, { organisationId: organisation.id });
    waitlisted = await buildRegistration(t.services, event);
    assert.equal(confirmed.status, "confirmed");
    assert.equal(waitlisted.status, "waitlisted");
    tokens = [await joinToken(t.services.db, confirmed.id, event.joinEpoch), await joinToken(t.services.db, waitlisted.id, event.joinEpoch)];
    // The registrant uses the link, so its redirect (the meeting URL in Location) has been through the log too.
    t.clock.set(new Date(event.startsAt.getTime() - 10 * 60_000));
    const followed = await new Browser(t.app).get(`/events/join/${tokens[0]}`);
    assert.equal(followed.headers.location, MEETING);
  });
  after(() => t.close());

  /** Every GET route with its parameters filled in for the scanned event (unknown ones get the event's id). */
  function urls(): string[] {
    const values: Record<string, string> = {
      slug: event.space.slug,
      spaceSlug: event.space.slug,
      event: event.slug,
      eventSlug: event.slug,
      code: confirmed.checkInCode,
    };
    const filled = [...new Set(routes)].map((route) => route.replace(/:([A-Za-z_]+)(\([^)]*\))?/g, (_match, name: string) => encodeURIComponent(values[name] ?? event.id)));
    const term = encodeURIComponent("Round table");
    return [
      ...filled,
      `/search?q=${term}`,
      `/api/v1/search?q=${term}`,
      `/events?q=${term}`,
      `/spaces/${event.space.slug}/events?q=${term}`,
      `/spaces/${event.space.slug}/events/${event.slug}?lang=ru`,
    ];
  }

  async function scan(browser: Browser, who: string, forbidden: string[]): Promise<number> {
    let scanned = 0;
    for (const url of urls()) {
      // The join route itself answers with a redirect to the meeting for the token in it: that is its purpose.
      if (url.startsWith("/events/join/")) continue;
      const accepts = url.startsWith("/api/") || /\.(json|atom|ics|js)(\?|$)/.test(url) || url.includes("widget") ? ["application/json", "text/html"] : ["text/html"];
      for (const accept of accepts) {
        const response = await browser.get(url, { accept });
        scanned += 1;
        const text = `${JSON.stringify(response.headers)}\n${response.body}`;
        for (const secret of forbidden) assert.ok(!text.includes(secret), `${who}: ${url} (${accept}) answered ${response.statusCode} containing ${secret}`);
      }
    }
    return scanned;
  }

  it("answers no anonymous reader, stranger, member or waitlisted registrant with the meeting link or a join link", async () => {
    const everySecret = [MEETING, MEETING_FRAGMENT, ...tokens, "/events/join/"];
    const stranger = await buildUser(t.services);
    const viewers: [string, Browser][] = [
      ["anonymous", new Browser(t.app)],
      ["stranger", await new Browser(t.app).logIn(stranger.email, stranger.password)],
      ["member", await new Browser(t.app, "ru").logIn(member.email, member.password)],
      ["waitlisted", await new Browser(t.app).logIn(waitlisted.user.email, waitlisted.user.password)],
    ];
    let scanned = 0;
    for (const [who, browser] of viewers) scanned += await scan(browser, who, everySecret);
    assert.ok(scanned > 100, `scanned ${scanned} answers`);
    assert.ok(routes.some((route) => route.includes("/events")), "the events routes were among them");
  });

  it("shows the confirmed registrant the way in but never the meeting link itself", async () => {
    const browser = await new Browser(t.app).logIn(confirmed.user.email, confirmed.user.password);
    await scan(browser, "confirmed registrant", [MEETING, MEETING_FRAGMENT, tokens[1]]);
  });

  it("writes no log line with the meeting link or a join token", () => {
    assert.ok(logLines.length > 100, "the access log was captured");
    assert.ok(logLines.some((line) => line.includes("/events/join/[redacted]")), "the join was logged, redacted");
    for (const line of logLines) {
      for (const secret of [MEETING_FRAGMENT, ...tokens]) assert.ok(!line.includes(secret), `log line contains ${secret}: ${line.slice(0, 300)}`);
    }
  });
});
