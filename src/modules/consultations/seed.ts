import { and, eq } from "drizzle-orm";
import { DAY_MS } from "../../platform/clock";
import { ensureUser } from "../../platform/demo";
import type { LocalizedText } from "../../platform/i18n/localized";
import type { DemoContext } from "../../platform/module";
import type { Services } from "../../platform/services";
import { contributionHtml } from "./markdown";
import {
  consultationBreakoutMembers,
  consultationBreakouts,
  consultationContributions,
  consultationGroupFacilitators,
  consultationGroups,
  consultationQuestions,
  consultationReactions,
  consultationSyntheses,
  consultationTags,
  consultationTopics,
  consultations,
  goodPractices,
  type Constituency,
  type GroupKind,
  type PracticeKind,
  type SynthesisTag,
} from "./schema";

// Written for the demo in our own words, modelled on seeds 000 (online discussion groups over two weeks)
// and 003 (a meeting session whose breakout groups report to a plenary). Windows are set relative to the day
// the demo is first seeded, so a newcomer always finds one group open now, one coming next and one closed.

type DemoContribution = {
  /** key of the author in DEMO_PARTICIPANTS, or a demo account: "admin" | "member" | "facilitator" */
  author: string;
  organisation?: string;
  constituency?: Constituency;
  language: "en" | "ru";
  body: string;
  question?: number;
  breakout?: number;
  daysAgo: number;
  replies?: DemoContribution[];
  reactions?: number;
  tag?: { tag: SynthesisTag; practiceKind?: PracticeKind; title?: LocalizedText };
};
type DemoTopic = { title: LocalizedText; description?: LocalizedText; questions: LocalizedText[]; contributions?: DemoContribution[]; synthesis?: string };
type DemoGroup = { kind: GroupKind; title: LocalizedText; opensInDays: number; closesInDays: number; topics: DemoTopic[]; breakouts?: LocalizedText[]; plenarySynthesis?: string };
type DemoConsultation = { space: string; slug: string; title: LocalizedText; description: LocalizedText; groups: DemoGroup[] };

/** People who took part in the demo discussions (they cannot log in: their passwords are random). */
const DEMO_PARTICIPANTS: Record<string, { email: string; displayName: string; locale: "en" | "ru" }> = {
  wanjiru: { email: "wanjiru@participants.convene.localhost", displayName: "Wanjiru Kamau", locale: "en" },
  daniyar: { email: "daniyar@participants.convene.localhost", displayName: "Данияр Ахметов", locale: "ru" },
  lucia: { email: "lucia@participants.convene.localhost", displayName: "Lucía Fernández", locale: "en" },
  olga: { email: "olga@participants.convene.localhost", displayName: "Ольга Ким", locale: "ru" },
  samuel: { email: "samuel@participants.convene.localhost", displayName: "Samuel Okoro", locale: "en" },
};

const DEMO: DemoConsultation[] = [
  {
    space: "nature-action-agenda",
    slug: "action-agenda-online-discussions",
    title: { en: "Online discussions on the Action Agenda", ru: "Онлайн-обсуждения Программы действий" },
    description: {
      en: "Three discussion groups over three weeks on how non-state actors make, deliver and report commitments for nature. Each topic has a few guiding questions; answer one, several or the topic as a whole.",
      ru: "Три дискуссионные группы в течение трёх недель о том, как негосударственные участники берут, выполняют и отражают в отчётах обязательства в интересах природы. К каждой теме — несколько направляющих вопросов: можно ответить на один, на несколько или на тему в целом.",
    },
    groups: [
      {
        kind: "discussion",
        title: { en: "Making commitments count", ru: "Обязательства, которые имеют значение" },
        opensInDays: -12,
        closesInDays: -5,
        topics: [
          {
            title: { en: "What makes a commitment measurable", ru: "Что делает обязательство измеримым" },
            questions: [
              { en: "Which indicators have worked for you, and which were impossible to collect?", ru: "Какие показатели сработали у вас, а какие оказалось невозможно собрать?" },
              { en: "How should a baseline be set when no data existed before?", ru: "Как задать исходный уровень, если данных раньше не было?" },
            ],
            contributions: [
              {
                author: "wanjiru",
                organisation: "nyandarua-women-farmers-cooperative",
                constituency: "women",
                language: "en",
                question: 1,
                daysAgo: 11,
                reactions: 3,
                body: "Counting villages with a working seed bank was easy for us; counting the *varieties* kept alive was not, because farmers name the same bean differently in each village. We now keep a shared photo register.",
                tag: { tag: "good_practice", practiceKind: "project", title: { en: "A shared photo register of local seed varieties", ru: "Общий фотореестр местных сортов семян" } },
                replies: [
                  { author: "olga", language: "ru", daysAgo: 10, body: "Интересно: а кто ведёт реестр — сами фермеры или кооператив? У нас похожий учёт держится на одном волонтёре, и это риск." },
                  { author: "wanjiru", language: "en", daysAgo: 10, body: "Two members in each village take turns, and the cooperative checks the register twice a year." },
                ],
              },
              {
                author: "daniyar",
                organisation: "kazakhstan-eco-ngo-network",
                language: "ru",
                question: 2,
                daysAgo: 9,
                reactions: 2,
                body: "Если исходных данных нет, честнее зафиксировать первый год работы как базовый и прямо написать об этом в обязательстве. Главное — не менять методику подсчёта по ходу.",
                tag: { tag: "recommendation" },
              },
              {
                author: "samuel",
                constituency: "youth",
                language: "en",
                question: 1,
                daysAgo: 8,
                body: "Youth groups rarely have money for monitoring. A short list of free, simple indicators per target would help us more than a long methodology.",
                tag: { tag: "gap" },
              },
            ],
            synthesis:
              "Participants agreed that simple, countable indicators work best, and that a baseline may be the first year of work if this is stated openly. Two gaps came up: monitoring costs for small groups, and naming differences that make counting hard.",
          },
          {
            title: { en: "Working with partners", ru: "Работа с партнёрами" },
            questions: [{ en: "What kind of partner would help you deliver your commitment?", ru: "Какой партнёр помог бы вам выполнить обязательство?" }],
            contributions: [
              {
                author: "lucia",
                organisation: "business-alliance-sustainable-supply",
                language: "en",
                question: 1,
                daysAgo: 7,
                reactions: 1,
                body: "Our members can offer logistics and cold storage to community seed banks at cost. Happy to talk to any cooperative in the region.",
                tag: { tag: "partnership_offer" },
              },
            ],
          },
        ],
      },
      {
        kind: "discussion",
        title: { en: "Reporting progress", ru: "Отчёты о прогрессе" },
        opensInDays: -4,
        closesInDays: 3,
        topics: [
          {
            title: { en: "Reporting without a burden", ru: "Отчётность без лишней нагрузки" },
            questions: [
              { en: "How often can your organisation realistically report?", ru: "Как часто ваша организация реально может отчитываться?" },
              { en: "What would make you report on time?", ru: "Что помогло бы вам отчитываться вовремя?" },
              { en: "Which evidence is fair to ask for?", ru: "Какие подтверждения справедливо запрашивать?" },
            ],
            contributions: [
              {
                author: "olga",
                organisation: "aarhus-centre-pavlodar",
                language: "ru",
                question: 1,
                daysAgo: 3,
                reactions: 2,
                body: "Раз в год — реально. Раз в квартал — только если форма короткая и её можно заполнить с телефона.",
                replies: [
                  { author: "samuel", language: "en", daysAgo: 2, body: "Agree: once a year, with an optional short update when something changes." },
                  { author: "daniyar", language: "ru", daysAgo: 2, body: "Согласен. И напоминание за месяц до срока, а не в последний день." },
                ],
              },
              {
                author: "member",
                language: "ru",
                question: 2,
                daysAgo: 1,
                reactions: 1,
                body: "Публичный знак «отчитывается вовремя» и сертификат — хороший стимул, особенно для небольших организаций, которым важно показать партнёрам свою надёжность.",
              },
              {
                author: "wanjiru",
                language: "en",
                question: 3,
                daysAgo: 1,
                body: "Photos with dates and a short note from the village committee should be enough. Audited reports are out of reach for most community groups.",
              },
            ],
          },
          {
            title: { en: "Showing results to the public", ru: "Как показывать результаты обществу" },
            questions: [{ en: "Which figures would convince a newcomer that commitments matter?", ru: "Какие цифры убедили бы новичка, что обязательства имеют значение?" }],
            contributions: [
              {
                author: "samuel",
                organisation: "young-guardians-of-biodiversity",
                constituency: "youth",
                language: "en",
                question: 1,
                daysAgo: 2,
                body: "A map of where commitments are, and how many report on time. Totals alone feel abstract.",
              },
            ],
          },
        ],
      },
      {
        kind: "discussion",
        title: { en: "Capacity and recognition", ru: "Потенциал и признание" },
        opensInDays: 3,
        closesInDays: 10,
        topics: [
          {
            title: { en: "What newcomers need to get started", ru: "Что нужно новичкам, чтобы начать" },
            questions: [
              { en: "Which questions did you have when you first joined?", ru: "Какие вопросы возникли у вас, когда вы только присоединились?" },
              { en: "What training would you attend?", ru: "На какое обучение вы бы пришли?" },
            ],
          },
          {
            title: { en: "Recognising good work", ru: "Признание хорошей работы" },
            questions: [{ en: "How should the secretariat recognise actors who deliver?", ru: "Как секретариату отмечать тех, кто выполняет обязательства?" }],
          },
        ],
      },
    ],
  },
  {
    space: "migration-consultation-grcp",
    slug: "regional-review-meeting",
    title: { en: "Regional review meeting: civil society session", ru: "Региональное совещание по обзору: сессия гражданского общества" },
    description: {
      en: "One session in three breakout groups answering the same questions; the plenary then compares their answers.",
      ru: "Одна сессия в трёх подгруппах, которые отвечают на одни и те же вопросы; затем пленарное заседание сравнивает их ответы.",
    },
    groups: [
      {
        kind: "session",
        title: { en: "Access to services for migrants", ru: "Доступ мигрантов к услугам" },
        opensInDays: -6,
        closesInDays: -4,
        breakouts: [
          { en: "Breakout A", ru: "Подгруппа A" },
          { en: "Breakout B", ru: "Подгруппа B" },
        ],
        topics: [
          {
            title: { en: "Barriers and what helps", ru: "Препятствия и что помогает" },
            questions: [
              { en: "What keeps migrants from using basic services?", ru: "Что мешает мигрантам пользоваться базовыми услугами?" },
              { en: "Which local practice would you recommend to others?", ru: "Какую местную практику вы бы рекомендовали другим?" },
            ],
            contributions: [
              { author: "daniyar", language: "ru", breakout: 1, question: 1, daysAgo: 5, body: "Главное препятствие — язык: бланки и консультации только на государственном языке." },
              { author: "olga", language: "ru", breakout: 1, question: 2, daysAgo: 5, body: "Горячая линия с переводчиками при городском центре занятости — работает и стоит недорого.", tag: { tag: "good_practice", practiceKind: "institution" } },
              { author: "lucia", language: "en", breakout: 2, question: 1, daysAgo: 5, body: "Language is the first barrier: forms and advice exist only in the state language." },
              { author: "samuel", language: "en", breakout: 2, question: 2, daysAgo: 5, body: "Mobile legal clinics that visit markets on fixed days.", tag: { tag: "good_practice", practiceKind: "project" } },
            ],
          },
        ],
        plenarySynthesis: "Both breakouts named language as the first barrier. They recommended interpreter hotlines and mobile legal clinics as practices to share.",
      },
    ],
  },
];

async function participantIds(services: Services, demo: DemoContext): Promise<Record<string, string>> {
  const ids: Record<string, string> = { admin: demo.adminUserId, member: demo.memberUserId, facilitator: demo.facilitatorUserId };
  for (const [key, person] of Object.entries(DEMO_PARTICIPANTS)) {
    ids[key] = await ensureUser(services, { ...person, password: `demo-${crypto.randomUUID()}`, isPlatformAdmin: false });
  }
  return ids;
}

/** Creates the demo consultations that are missing (looked up by space and slug), with their discussions. */
export async function seedConsultations(services: Services, demo: DemoContext): Promise<void> {
  const { db } = services;
  const now = services.clock.now().getTime();
  const day = (offset: number) => new Date(now + offset * DAY_MS);
  let people: Record<string, string> | undefined;
  for (const entry of DEMO) {
    const spaceId = demo.spaceIds[entry.space];
    if (!spaceId) continue;
    const [existing] = await db.select({ id: consultations.id }).from(consultations).where(and(eq(consultations.spaceId, spaceId), eq(consultations.slug, entry.slug)));
    if (existing) continue;
    people ??= await participantIds(services, demo);
    const authors = people;
    await db.transaction(async (tx) => {
      const first = entry.groups[0]!;
      const last = entry.groups[entry.groups.length - 1]!;
      const [consultation] = await tx
        .insert(consultations)
        .values({
          spaceId,
          slug: entry.slug,
          title: entry.title,
          description: entry.description,
          status: "published",
          opensAt: day(first.opensInDays),
          closesAt: day(last.closesInDays),
          createdBy: demo.adminUserId,
        })
        .returning({ id: consultations.id });
      const consultationId = consultation!.id;
      let topicNumber = 0;
      for (const [groupIndex, group] of entry.groups.entries()) {
        const [groupRow] = await tx
          .insert(consultationGroups)
          .values({ consultationId, number: groupIndex + 1, kind: group.kind, title: group.title, opensAt: day(group.opensInDays), closesAt: day(group.closesInDays) })
          .returning({ id: consultationGroups.id });
        const groupId = groupRow!.id;
        await tx.insert(consultationGroupFacilitators).values({ groupId, userId: demo.facilitatorUserId });
        const breakoutIds: string[] = [];
        for (const [index, name] of (group.breakouts ?? []).entries()) {
          const [breakout] = await tx.insert(consultationBreakouts).values({ groupId, number: index + 1, name }).returning({ id: consultationBreakouts.id });
          breakoutIds.push(breakout!.id);
        }
        for (const [position, topic] of group.topics.entries()) {
          topicNumber += 1;
          const [topicRow] = await tx
            .insert(consultationTopics)
            .values({ consultationId, groupId, number: topicNumber, position, title: topic.title, description: topic.description ?? {} })
            .returning({ id: consultationTopics.id });
          const topicId = topicRow!.id;
          const questionIds: string[] = [];
          for (const [index, text] of topic.questions.entries()) {
            const [question] = await tx.insert(consultationQuestions).values({ topicId, number: index + 1, text }).returning({ id: consultationQuestions.id });
            questionIds.push(question!.id);
          }
          const write = async (contribution: DemoContribution, parent: { id: string; rootId: string; depth: number } | null): Promise<void> => {
            const authorId = authors[contribution.author]!;
            const breakoutId = contribution.breakout ? (breakoutIds[contribution.breakout - 1] ?? null) : null;
            if (breakoutId) await tx.insert(consultationBreakoutMembers).values({ groupId, userId: authorId, breakoutId }).onConflictDoNothing();
            const [row] = await tx
              .insert(consultationContributions)
              .values({
                consultationId,
                topicId,
                questionId: contribution.question ? (questionIds[contribution.question - 1] ?? null) : null,
                breakoutId,
                parentId: parent?.id ?? null,
                rootId: parent?.rootId ?? null,
                depth: parent ? parent.depth + 1 : 0,
                authorId,
                organisationId: contribution.organisation ? (demo.organisationIds[contribution.organisation] ?? null) : null,
                constituency: contribution.constituency ?? null,
                language: contribution.language,
                body: contribution.body,
                bodyHtml: contributionHtml(contribution.body),
                createdAt: day(-contribution.daysAgo),
              })
              .returning({ id: consultationContributions.id });
            const id = row!.id;
            const rootId = parent?.rootId ?? id;
            if (!parent) await tx.update(consultationContributions).set({ rootId: id }).where(eq(consultationContributions.id, id));
            const reactors = Object.values(authors).filter((userId) => userId !== authorId);
            for (const userId of reactors.slice(0, contribution.reactions ?? 0)) await tx.insert(consultationReactions).values({ contributionId: id, userId, kind: "agree" });
            if (contribution.tag) {
              await tx.insert(consultationTags).values({ contributionId: id, tag: contribution.tag.tag, practiceKind: contribution.tag.practiceKind ?? null, taggedBy: demo.facilitatorUserId });
              if (contribution.tag.tag === "good_practice") {
                const firstSentence = contribution.body.split(/(?<=[.!?])\s/)[0]!.slice(0, 160);
                await tx.insert(goodPractices).values({
                  spaceId,
                  sourceType: "consultation_contribution",
                  sourceId: id,
                  kind: contribution.tag.practiceKind ?? "other",
                  title: contribution.tag.title ?? { [contribution.language]: firstSentence },
                  description: { [contribution.language]: contribution.body },
                  organisationId: contribution.organisation ? (demo.organisationIds[contribution.organisation] ?? null) : null,
                  language: contribution.language,
                  createdBy: demo.facilitatorUserId,
                });
              }
            }
            for (const reply of contribution.replies ?? []) await write(reply, { id, rootId, depth: parent ? parent.depth + 1 : 0 });
          };
          for (const contribution of topic.contributions ?? []) await write(contribution, null);
          if (topic.synthesis) await tx.insert(consultationSyntheses).values({ consultationId, topicId, body: topic.synthesis, updatedBy: demo.facilitatorUserId });
        }
        if (group.plenarySynthesis) await tx.insert(consultationSyntheses).values({ consultationId, groupId, body: group.plenarySynthesis, updatedBy: demo.facilitatorUserId });
      }
    });
  }
}
