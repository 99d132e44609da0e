import type { DemoContext } from "../../../platform/module";
import type { Services } from "../../../platform/services";
import type { EventView } from "../queries";
import { buildUnconferenceSchedule } from "./commands/build-schedule";
import { addUnconferenceRoom, addUnconferenceSlot, configureUnconference } from "./commands/configure-unconference";
import { submitProposal } from "./commands/submit-proposal";
import { voteForProposal } from "./commands/vote-proposal";
import { findUnconference, unconferenceSlots } from "./queries";

const HOUR = 3_600_000;

/**
 * Demo (issue 11, item 9): an unconference in the given event (the hybrid event of the Aarhus space, made by the
 * pages part's demo) with three rooms, three afternoon slots, proposals in Russian by the demo people, their votes
 * and a built schedule, left in "scheduling" for organisers to pin and publish. Does nothing if it exists already.
 */
export async function seedUnconferenceDemo(services: Services, demo: DemoContext, event: EventView): Promise<void> {
  if (await findUnconference(services.db, event.id)) return;
  const organiser = { id: demo.adminUserId };
  await configureUnconference(services, organiser, event, { state: "proposals", votesPerPerson: 3 });
  for (const [name, capacity] of [["Большой зал", 60], ["Зал «Алатау»", 25], ["Переговорная", 12]] as const) await addUnconferenceRoom(services, organiser, event, { name, capacity });
  // Three slots from the middle of the event on, as long as it lasts (an hour each, ten minutes between).
  const middle = new Date(event.startsAt.getTime() + Math.floor((event.endsAt.getTime() - event.startsAt.getTime()) / 2 / HOUR) * HOUR);
  for (let i = 0; i < 3; i++) {
    const startsAt = new Date(middle.getTime() + i * HOUR);
    const endsAt = new Date(startsAt.getTime() + 50 * 60_000);
    if (endsAt <= event.endsAt) await addUnconferenceSlot(services, organiser, event, { startsAt, endsAt });
  }
  const slots = await unconferenceSlots(services.db, event.id);
  const hosts = [demo.memberUserId, demo.facilitatorUserId, demo.adminUserId];
  const proposals: [string, string, string][] = [
    ["Общественный контроль за качеством воды", "Как орхусские центры собирают и публикуют данные о воде; что получилось и где нужна помощь.", "discussion"],
    ["Как писать запрос экологической информации", "Практикум: составляем запрос в госорган и разбираем типичные отказы.", "workshop"],
    ["Молодёжь и климатические проекты", "Истории молодёжных инициатив и поиск партнёров среди участников.", "fishbowl"],
    ["Открытые данные о выбросах", "Что уже есть в открытом доступе и как этим пользоваться на местах.", "presentation"],
    ["Участие общественности в ОВОС", "Обмен опытом общественных слушаний: что помогает, что мешает.", "discussion"],
  ];
  const ids: string[] = [];
  for (const [index, [title, description, format]] of proposals.entries()) {
    const host = { id: hosts[index % hosts.length]! };
    // The admin's proposal is only possible in the last slot (a guest who arrives late).
    const availableSlotIds = host.id === demo.adminUserId && slots.length ? [slots[slots.length - 1]!.id] : [];
    ids.push((await submitProposal(services, host, event, { title, description, format, language: "ru", availableSlotIds, preferredSlotIds: [] })).id);
  }
  // Votes of the demo people (three each): the first two proposals draw the same people.
  for (const [voter, picks] of [[demo.memberUserId, [0, 1, 2]], [demo.facilitatorUserId, [0, 1, 3]], [demo.adminUserId, [0, 4, 2]]] as const) {
    for (const pick of picks) if (ids[pick]) await voteForProposal(services, { id: voter }, event, ids[pick]!, true);
  }
  await configureUnconference(services, organiser, event, { state: "scheduling", votesPerPerson: 3 });
  await buildUnconferenceSchedule(services, organiser, event);
}
