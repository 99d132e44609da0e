import { sql } from "drizzle-orm";
import type Sharp from "sharp";
import { queryRows } from "../../db/sql";
import type { LocalizedText } from "../../platform/i18n/localized";
import type { DemoContext } from "../../platform/module";
import type { Services } from "../../platform/services";
import { organisationCommitments } from "../commitments/queries-browse";
import { findCommitmentByNumber } from "../commitments/queries-review";
import { listMembers } from "../organisations/queries";
import { addImage } from "./commands/images";
import { createPost, proposeStory, setPostStatus } from "./commands/save-post";
import { checkedNewsFields, type NewsRawInput } from "./inputs";
import { findPostInSpace } from "./queries";
import { lazyPackage } from "../../platform/lazy-package";

const loadSharp = lazyPackage<typeof Sharp>("sharp");

const DAY = 86_400_000;

/** A picture drawn at seed time (no file from the internet): a sky-to-field gradient with hills, a sun and reeds. */
async function demoPicture(palette: { sky: string; ground: string; accent: string }, seed: number): Promise<Buffer> {
  const hills = [0, 1, 2].map((index) => {
    const y = 380 + index * 60 + (seed % 3) * 10;
    return `<path d="M0 ${y} Q 300 ${y - 120 + index * 20} 600 ${y - 20} T 1200 ${y - 40} V 800 H 0 Z" fill="${palette.ground}" opacity="${0.5 + index * 0.2}"/>`;
  });
  const reeds = Array.from({ length: 14 }, (_, index) => {
    const x = 60 + index * 80 + ((seed * 37 + index * 13) % 40);
    return `<rect x="${x}" y="${600 - ((index * 29 + seed) % 90)}" width="6" height="220" rx="3" fill="${palette.accent}"/>`;
  });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800">
  <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${palette.sky}"/><stop offset="1" stop-color="#fdf6e3"/></linearGradient></defs>
  <rect width="1200" height="800" fill="url(#sky)"/>
  <circle cx="${880 - seed * 40}" cy="170" r="80" fill="#ffd166" opacity="0.9"/>
  ${hills.join("")}${reeds.join("")}
</svg>`;
  return loadSharp()(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}

type DemoPost = {
  space: string;
  slug: string;
  kind: "news" | "story" | "announcement";
  daysAgo: number;
  organisation?: string;
  raw: Omit<NewsRawInput, "kind" | "slug">;
  pictures?: { palette: { sky: string; ground: string; accent: string }; alt: LocalizedText; caption: LocalizedText }[];
};

const NATURE = "nature-action-agenda";
const AARHUS = "aarhus-kazakhstan-2018-2020";

const DEMO_POSTS: DemoPost[] = [
  {
    space: NATURE,
    slug: "wetland-mapping-volunteers",
    kind: "news",
    daysAgo: 3,
    raw: {
      title: { en: "Volunteers map 40 small wetlands in one season", ru: "Волонтёры нанесли на карту 40 малых водно-болотных угодий за один сезон" },
      lead: {
        en: "Farmers, students and a local council walked the valley with phones and paper forms: the first shared map of its seasonal ponds is now open to everyone.",
        ru: "Фермеры, студенты и местный совет прошли долину с телефонами и бумажными анкетами: первая общая карта сезонных прудов теперь открыта для всех.",
      },
      body: {
        en: "Seasonal ponds dry out by midsummer and rarely appear on official maps, yet they feed birds, amphibians and cattle.\n\n**What was done:**\n\n- 62 volunteers, 9 weekends\n- 40 ponds described with photos, depth and what grows around them\n- a short guide on how to repeat the survey next spring\n\nThe data set is published under an open licence, and the council has asked for it to be used in its land-use plan.",
        ru: "Сезонные пруды пересыхают к середине лета и редко попадают на официальные карты, хотя кормят птиц, земноводных и скот.\n\n**Что сделано:**\n\n- 62 волонтёра, 9 выходных\n- 40 прудов описаны с фотографиями, глубиной и растительностью вокруг\n- короткое руководство, как повторить обследование весной\n\nДанные опубликованы под открытой лицензией, а совет попросил учесть их в плане землепользования.",
      },
      topics: ["wetlands", "citizen science"],
      quotes: [{ text: { en: "We thought we knew our valley. We found ponds none of us had ever named.", ru: "Мы думали, что знаем свою долину. А нашли пруды, у которых не было даже названия." }, attribution: "Amina K., volunteer" }],
    },
    pictures: [
      { palette: { sky: "#8ecae6", ground: "#2a9d8f", accent: "#264653" }, alt: { en: "Drawing of reeds by a pond under a morning sun", ru: "Рисунок: тростник у пруда под утренним солнцем" }, caption: { en: "Seasonal pond, early June", ru: "Сезонный пруд в начале июня" } },
      { palette: { sky: "#ffb4a2", ground: "#6d597a", accent: "#355070" }, alt: { en: "Drawing of hills and reeds at sunset", ru: "Рисунок: холмы и тростник на закате" }, caption: { en: "The same valley in the evening", ru: "Та же долина вечером" } },
    ],
  },
  {
    space: NATURE,
    slug: "call-for-youth-stories",
    kind: "announcement",
    daysAgo: 10,
    raw: {
      title: { en: "Call for stories: young people restoring nature", ru: "Приглашаем поделиться историями: молодёжь восстанавливает природу" },
      lead: {
        en: "Youth groups with a published commitment are invited to tell what changed on the ground. The best stories will be shown at the next high-level meeting.",
        ru: "Молодёжные группы с опубликованным обязательством приглашаются рассказать, что изменилось на местах. Лучшие истории покажут на следующей встрече высокого уровня.",
      },
      body: {
        en: "Sign in, open **News** and choose *Propose a story*. Pick the commitment the story is about, add a few photos with a short description, and send it. Coordinators answer within two weeks.",
        ru: "Войдите, откройте раздел **Новости** и выберите *Предложить историю*. Укажите обязательство, о котором история, добавьте несколько фотографий с кратким описанием и отправьте. Координаторы ответят в течение двух недель.",
      },
      topics: ["youth"],
    },
  },
  {
    space: NATURE,
    slug: "seed-bank-school-garden",
    kind: "story",
    daysAgo: 21,
    organisation: "young-guardians-of-biodiversity",
    raw: {
      title: { en: "A school garden became a seed bank", ru: "Школьный сад стал банком семян" },
      lead: {
        en: "Pupils collected and dried seeds of 35 local plants; neighbours now borrow them for their own plots.",
        ru: "Школьники собрали и высушили семена 35 местных растений; теперь соседи берут их для своих участков.",
      },
      body: {
        en: "It started with a box of envelopes in the biology classroom. Two years later the seed bank has a catalogue, a lending book and a small greenhouse built with parents' help.",
        ru: "Всё началось с коробки конвертов в кабинете биологии. Через два года у банка семян есть каталог, журнал выдачи и небольшая теплица, построенная с помощью родителей.",
      },
      videoLinks: [{ url: "https://video.example.org/watch/seed-bank-tour", title: "A three-minute tour of the seed bank" }],
      topics: ["youth", "agrobiodiversity"],
    },
    pictures: [{ palette: { sky: "#caffbf", ground: "#588157", accent: "#3a5a40" }, alt: { en: "Drawing of green hills and plant stems", ru: "Рисунок: зелёные холмы и стебли растений" }, caption: {} }],
  },
  {
    space: AARHUS,
    slug: "public-hearing-pavlodar",
    kind: "news",
    daysAgo: 5,
    raw: {
      title: { en: "Residents were heard before the landfill decision", ru: "Жителей выслушали до решения о полигоне" },
      lead: {
        en: "More than 150 people came to the public hearing on the new landfill; their written comments were attached to the environmental assessment.",
        ru: "На общественные слушания по новому полигону пришли более 150 человек; их письменные замечания приложены к экологической оценке.",
      },
      body: {
        en: "The Aarhus centre published the project documents a month in advance and held two consultations in the villages nearest to the site. The akimat promised a written answer to every comment.",
        ru: "Орхусский центр опубликовал документы проекта за месяц и провёл две консультации в ближайших сёлах. Акимат пообещал письменно ответить на каждое замечание.",
      },
      topics: ["public participation"],
    },
    pictures: [{ palette: { sky: "#bde0fe", ground: "#a98467", accent: "#6c584c" }, alt: { en: "Drawing of steppe hills under a clear sky", ru: "Рисунок: степные холмы под ясным небом" }, caption: { en: "The steppe near the planned site", ru: "Степь у места будущего полигона" } }],
  },
  {
    space: AARHUS,
    slug: "online-conference-access-to-justice",
    kind: "announcement",
    daysAgo: 14,
    raw: {
      title: { en: "Online conference on access to justice in environmental matters", ru: "Онлайн-конференция о доступе к правосудию по экологическим вопросам" },
      lead: {
        en: "Lawyers of the Aarhus centres will share cases from the last year; questions can be sent in advance.",
        ru: "Юристы орхусских центров расскажут о делах прошедшего года; вопросы можно прислать заранее.",
      },
      body: {
        en: "Registration opens a month before the conference. Interpretation between Kazakh, Russian and English will be provided.",
        ru: "Регистрация откроется за месяц до конференции. Будет синхронный перевод на казахский, русский и английский.",
      },
      topics: ["access to justice"],
    },
  },
];

/** The story the demo's Aarhus centre proposes about its own commitment, waiting for the coordinators. */
const PROPOSED = {
  space: AARHUS,
  organisation: "aarhus-centre-pavlodar",
  raw: {
    kind: "story",
    title: { ru: "Как мы открыли экологическую информацию района", en: "How we opened up the district's environmental information" },
    lead: {
      ru: "За полгода центр разместил в открытом доступе 120 документов о качестве воды и воздуха — с понятными пояснениями.",
      en: "In six months the centre put 120 documents on water and air quality online, each with a plain-language note.",
    },
    body: {
      ru: "Раньше жителям приходилось писать запросы и ждать ответа неделями. Теперь документы лежат в одной папке, а раз в месяц мы проводим открытую встречу, где объясняем, что означают цифры.",
      en: "Residents used to write requests and wait for weeks. Now the documents are in one place, and once a month we hold an open meeting to explain what the figures mean.",
    },
    topics: ["access to information"],
  } satisfies NewsRawInput,
};

/** Demo news in both demo spaces (idempotent: a post whose slug exists is left alone). */
export async function seedNewsDemo(services: Services, demo: DemoContext): Promise<void> {
  const { db } = services;
  // Existing installations: the demo spaces get the news feature where it is missing.
  await db.execute(sql`update spaces set enabled_modules = array_append(enabled_modules, 'news')
    where slug in (${NATURE}, ${AARHUS}) and not ('news' = any(enabled_modules))`);
  const now = services.clock.now().getTime();
  const actor = { id: demo.adminUserId };
  for (const [index, entry] of DEMO_POSTS.entries()) {
    const spaceId = demo.spaceIds[entry.space];
    if (!spaceId || (await findPostInSpace(db, spaceId, entry.slug))) continue;
    const fields = await checkedNewsFields(db, { ...entry.raw, kind: entry.kind, slug: entry.slug });
    const organisationId = entry.organisation ? (demo.organisationIds[entry.organisation] ?? null) : null;
    const post = await createPost(services, actor, spaceId, fields, organisationId);
    for (const [position, picture] of (entry.pictures ?? []).entries()) {
      await addImage(services, actor, post.id, await demoPicture(picture.palette, index + position), { alt: picture.alt, caption: picture.caption });
    }
    await setPostStatus(services, actor, post.id, "published");
    const publishedAt = new Date(now - entry.daysAgo * DAY);
    await db.execute(sql`update news_posts set published_at = ${publishedAt}, created_at = ${publishedAt}, updated_at = ${publishedAt} where id = ${post.id}`);
  }

  const spaceId = demo.spaceIds[PROPOSED.space];
  const organisationId = demo.organisationIds[PROPOSED.organisation];
  if (!spaceId || !organisationId) return;
  const [already] = await queryRows<{ id: string }>(db, sql`select id from news_posts where space_id = ${spaceId} and organisation_id = ${organisationId} and submitted_at is not null`);
  if (already) return;
  const author = (await listMembers(db, organisationId))[0];
  const commitment = (await organisationCommitments(db, organisationId, null, services.clock.now(), 10)).find((item) => item.space.id === spaceId && item.role === "owner");
  const found = commitment ? await findCommitmentByNumber(db, spaceId, commitment.number) : undefined;
  if (!author) return;
  const fields = await checkedNewsFields(db, PROPOSED.raw);
  await proposeStory(services, { id: author.userId }, spaceId, { ...fields, related: found ? [{ kind: "commitment", id: found.id }] : [] }, organisationId);
}
