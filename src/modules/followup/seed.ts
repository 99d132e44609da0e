import { sql } from "drizzle-orm";
import { queryRows } from "../../db/sql";
import type { DemoContext } from "../../platform/module";
import type { Services } from "../../platform/services";
import { listAcceptedRecommendations } from "../consultations/recommendations";
import { findSpaceById } from "../spaces/queries";
import { changeStatus, createItem } from "./commands/save-item";
import type { ItemInput } from "./inputs";
import type { FollowupStatus } from "./schema";

type DemoItem = { input: Omit<ItemInput, "recommendationId">; fromRecommendation: boolean; statuses: { status: FollowupStatus; note: string }[]; dueInDays: number | null };

const day = (now: Date, days: number) => new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
const none = { actorOrganisationIds: [] as string[], evidenceText: "", evidenceLinks: "" };

const ITEMS: Record<string, DemoItem[]> = {
  "nature-action-agenda": [
    {
      fromRecommendation: true, dueInDays: 90, statuses: [{ status: "in_progress", note: "Draft terms of reference shared with the working group." }],
      input: {
        ...none, title: { en: "Put the discussion's recommendation to the working group", ru: "Вынести рекомендацию обсуждения на рабочую группу" },
        description: { en: "The secretariat prepares a short note on the recommendation and asks the working group to decide how to take it up.", ru: "Секретариат готовит краткую записку по рекомендации и просит рабочую группу решить, как её реализовать." },
        actorText: "Secretariat", dueOn: "",
      },
    },
    {
      fromRecommendation: false, dueInDays: -20, statuses: [],
      input: {
        ...none, title: { en: "Publish a plain-language guide to registering commitments", ru: "Опубликовать понятное руководство по регистрации обязательств" },
        description: { en: "Participants asked for a two-page guide in both languages before the next round of commitments.", ru: "Участники просили двухстраничное руководство на обоих языках до следующего раунда обязательств." },
        actorText: "Secretariat, communications team", dueOn: "",
      },
    },
    {
      fromRecommendation: false, dueInDays: -60, statuses: [{ status: "in_progress", note: "" }, { status: "done", note: "Held on schedule; 140 participants." }],
      input: {
        ...none, title: { en: "Hold a webinar for local governments on the Action Agenda", ru: "Провести вебинар для местных органов власти о Повестке действий" },
        description: {}, actorText: "Secretariat", dueOn: "",
        evidenceText: "Recording and slides published; 140 participants from 31 countries.", evidenceLinks: "https://example.org/webinars/local-governments-action-agenda",
      },
    },
  ],
};

/**
 * The follow-up demo (issue 13, point 8): in the Action Agenda space, an item made from the recommendation the
 * demo consultation's synthesis accepted (in progress), one overdue, one done with evidence — through the real
 * commands, so each has its history. Due dates are relative to the demo's day. Idempotent: nothing once a space has items.
 */
export async function seedFollowupDemo(services: Services, demo: DemoContext): Promise<void> {
  const now = services.clock.now();
  const actor = { id: demo.adminUserId };
  for (const [slug, items] of Object.entries(ITEMS)) {
    const spaceId = demo.spaceIds[slug];
    if (!spaceId) continue;
    const space = await findSpaceById(services.db, spaceId);
    if (!space || !space.enabledModules.includes("consultations")) continue;
    const [existing] = await queryRows<{ count: number | string }>(services.db, sql`select count(*) as count from followup_items where space_id = ${spaceId}`);
    if (Number(existing?.count ?? 0) > 0) continue;
    const recommendations = await listAcceptedRecommendations(services.db, space);
    for (const item of items) {
      const recommendationId = item.fromRecommendation ? (recommendations[0]?.id ?? "") : "";
      const created = await createItem(services, actor, space, { ...item.input, recommendationId, dueOn: item.dueInDays === null ? "" : day(now, item.dueInDays) });
      for (const change of item.statuses) await changeStatus(services, actor, created.id, change);
    }
  }
}
