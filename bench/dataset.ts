import { randomUUID } from "node:crypto";
import type { DatabaseHandle, RawQuery } from "../src/db/client";
import { listCountries } from "../src/platform/countries";

// The bench writes straight into the tables of src/db/migrations/0002_organisations.sql (and users from 0001)
// with multi-row INSERTs: it must not depend on module code that is still changing, and it must be quick.

/** Stable actor-type keys (shared/reference/actor-types.md); the organisations module labels them. */
const ACTOR_TYPES = [
  "ngo", "aarhus_centre", "business", "local_government", "iplc", "youth", "women", "academia",
  "farmers", "financial_institution", "un_agency", "foundation", "media", "other",
];

/** What an organisation works on, in both languages (the bench's own words). */
const FOCUS = [
  { en: "Clean Rivers", ru: "Чистые реки", slug: "clean-rivers" },
  { en: "Steppe Grasslands", ru: "Степные пастбища", slug: "steppe-grasslands" },
  { en: "Living Forests", ru: "Живые леса", slug: "living-forests" },
  { en: "Coastal Wetlands", ru: "Прибрежные водно-болотные угодья", slug: "coastal-wetlands" },
  { en: "Seed Diversity", ru: "Разнообразие семян", slug: "seed-diversity" },
  { en: "Urban Green Spaces", ru: "Городские зелёные зоны", slug: "urban-green" },
  { en: "Mountain Pastures", ru: "Горные луга", slug: "mountain-pastures" },
  { en: "Pollinators", ru: "Опылители", slug: "pollinators" },
  { en: "Safe Biotechnology", ru: "Безопасная биотехнология", slug: "safe-biotech" },
  { en: "Environmental Information", ru: "Экологическая информация", slug: "environmental-information" },
  { en: "Public Participation", ru: "Участие общественности", slug: "public-participation" },
  { en: "Mercury-Free Mining", ru: "Добыча без ртути", slug: "mercury-free-mining" },
  { en: "Migrant Inclusion", ru: "Интеграция мигрантов", slug: "migrant-inclusion" },
  { en: "Community Media", ru: "Местные СМИ", slug: "community-media" },
  { en: "Climate-Smart Farming", ru: "Климатически оптимальное земледелие", slug: "climate-smart-farming" },
  { en: "Desert Restoration", ru: "Восстановление пустынь", slug: "desert-restoration" },
];

const KINDS = [
  { en: "Network", ru: "Сеть", slug: "network" },
  { en: "Alliance", ru: "Альянс", slug: "alliance" },
  { en: "Centre", ru: "Центр", slug: "centre" },
  { en: "Association", ru: "Ассоциация", slug: "association" },
  { en: "Foundation", ru: "Фонд", slug: "foundation" },
  { en: "Initiative", ru: "Инициатива", slug: "initiative" },
  { en: "Council", ru: "Совет", slug: "council" },
  { en: "Cooperative", ru: "Кооператив", slug: "cooperative" },
];

const PLACES = [
  { en: "Almaty", ru: "Алматы" }, { en: "Pavlodar", ru: "Павлодар" }, { en: "Nairobi", ru: "Найроби" },
  { en: "Bishkek", ru: "Бишкек" }, { en: "Dakar", ru: "Дакар" }, { en: "Tashkent", ru: "Ташкент" },
  { en: "Lima", ru: "Лима" }, { en: "Dushanbe", ru: "Душанбе" }, { en: "Accra", ru: "Аккра" },
  { en: "Ulaanbaatar", ru: "Улан-Батор" }, { en: "Montreal", ru: "Монреаль" }, { en: "Geneva", ru: "Женева" },
];

export type DatasetOptions = { organisations: number };
export type DatasetSummary = { organisations: number; users: number; members: number; sampleSlug: string };

/** A small deterministic generator, so two runs build the same dataset. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** Inserts rows in multi-row INSERT statements of `batchSize` rows; `casts` per column, e.g. "::jsonb". */
async function insertRows(query: RawQuery, table: string, columns: string[], casts: string[], rows: unknown[][], batchSize = 400): Promise<void> {
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = rows.slice(start, start + batchSize);
    const params: unknown[] = [];
    const tuples = batch.map((row) => {
      const placeholders = row.map((value, index) => {
        params.push(value);
        return `$${params.length}${casts[index]}`;
      });
      return `(${placeholders.join(", ")})`;
    });
    await query(`insert into ${table} (${columns.join(", ")}) values ${tuples.join(", ")}`, params);
  }
}

/**
 * Adds `organisations` organisations spread over actor types and countries, with English and Russian names
 * (one in ten only English, one in ten only Russian, to exercise the fallback marker), and their members.
 */
export async function generateDataset(database: DatabaseHandle, options: DatasetOptions): Promise<DatasetSummary> {
  const random = seededRandom(20260302);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const countryCodes = listCountries("en").map((country) => country.code);
  const now = Date.now();
  const threeYears = 3 * 365 * 24 * 3600 * 1000;

  const userCount = Math.max(1, Math.ceil(options.organisations * 0.6));
  const userIds: string[] = [];
  const userRows: unknown[][] = [];
  for (let index = 0; index < userCount; index++) {
    const id = randomUUID();
    userIds.push(id);
    const isRussian = index % 3 === 0;
    const place = pick(PLACES);
    userRows.push([
      id,
      `bench-member-${index}@bench.convene.localhost`,
      isRussian ? `Участник ${index} (${place.ru})` : `Member ${index} (${place.en})`,
      isRussian ? "ru" : "en",
      new Date(now - random() * threeYears).toISOString(),
    ]);
  }

  const organisationRows: unknown[][] = [];
  const memberRows: unknown[][] = [];
  const slugs: string[] = [];
  for (let index = 0; index < options.organisations; index++) {
    const focus = pick(FOCUS);
    const kind = pick(KINDS);
    const place = pick(PLACES);
    const slug = `${focus.slug}-${kind.slug}-${index + 1}`;
    slugs.push(slug);
    const english = `${focus.en} ${kind.en} of ${place.en}`;
    const russian = `${kind.ru} «${focus.ru}», ${place.ru}`;
    const englishDescription =
      `A ${kind.en.toLowerCase()} based in ${place.en} working on ${focus.en.toLowerCase()}. ` +
      `It brings together practitioners, researchers and local people, publishes what it learns, ` +
      `and reports progress on its pledges every year.`;
    const russianDescription =
      `${kind.ru} из города ${place.ru}, направление работы — «${focus.ru.toLowerCase()}». ` +
      `Объединяет специалистов, исследователей и местных жителей, публикует результаты ` +
      `и ежегодно отчитывается о ходе выполнения своих обязательств.`;
    const languages = index % 10 === 3 ? ["en"] : index % 10 === 7 ? ["ru"] : ["en", "ru"];
    const name: Record<string, string> = {};
    const description: Record<string, string> = {};
    if (languages.includes("en")) {
      name.en = english;
      description.en = englishDescription;
    }
    if (languages.includes("ru")) {
      name.ru = russian;
      description.ru = russianDescription;
    }
    const contacts = {
      email: { value: `info@${slug}.example.org`, visibility: "public" },
      phone: { value: `+7 700 ${String(100_0000 + index).slice(-7)}`, visibility: "members" },
      person: { value: index % 2 ? "Programme officer" : "Координатор программ", visibility: "private" },
    };
    const id = randomUUID();
    const createdAt = new Date(now - random() * threeYears).toISOString();
    organisationRows.push([
      id,
      slug,
      JSON.stringify(name),
      JSON.stringify(description),
      ACTOR_TYPES[index % ACTOR_TYPES.length],
      countryCodes[Math.floor(random() * countryCodes.length)],
      `https://${slug}.example.org`,
      JSON.stringify(contacts),
      createdAt,
      createdAt,
      [...Object.values(name), ...Object.values(description)].join(" ").toLowerCase(),
    ]);
    // One admin, and up to two more members, all distinct.
    const memberCount = 1 + Math.floor(random() * 3);
    const first = Math.floor(random() * userIds.length);
    for (let offset = 0; offset < Math.min(memberCount, userIds.length); offset++) {
      memberRows.push([id, userIds[(first + offset * 7919) % userIds.length], offset === 0 ? "admin" : "member", createdAt]);
    }
  }
  // The same user can land twice on one organisation only when there are very few users; drop repeats.
  const seen = new Set<string>();
  const uniqueMembers = memberRows.filter((row) => {
    const key = `${String(row[0])}/${String(row[1])}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });

  await database.withConnection(async (query) => {
    await query("begin");
    try {
      await insertRows(query, "users", ["id", "email", "display_name", "locale", "created_at"], ["::uuid", "", "", "", "::timestamptz"], userRows);
      await query("update users set email_verified_at = created_at where email like 'bench-member-%'", []);
      await insertRows(
        query,
        "organisations",
        ["id", "slug", "name", "description", "actor_type", "country", "website", "contacts", "created_at", "updated_at", "search_text"],
        ["::uuid", "", "::jsonb", "::jsonb", "", "", "", "::jsonb", "::timestamptz", "::timestamptz", ""],
        organisationRows,
      );
      await insertRows(query, "organisation_members", ["organisation_id", "user_id", "role", "created_at"], ["::uuid", "::uuid", "", "::timestamptz"], uniqueMembers);
      await query("commit");
    } catch (error) {
      await query("rollback");
      throw error;
    }
    // Fresh statistics, as autovacuum would have gathered on a live server.
    await query("analyze", []);
  });
  return { organisations: options.organisations, users: userCount, members: uniqueMembers.length, sampleSlug: slugs[Math.floor(slugs.length / 2)] ?? "" };
}
