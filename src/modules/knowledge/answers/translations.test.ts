import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createTestApp, type TestApp } from "../../../testing/harness";
import { XSS } from "../../../testing/factories";
import { saveDocument, type DocumentFields } from "../guidance/commands/save-document";
import { answerQuestion } from "./engine";

// A made-up animal, so no glossary concept links «квагга» to "quagga": only the translated pair can.
const PAIR_EN = `Intro.

## Where quaggas graze

Quaggas graze on the northern meadow from April. ${XSS}

## Visiting hours

The park opens at nine and closes at six.

## Feeding quaggas

Visitors must not feed the quaggas bread.
`;

const PAIR_RU = `Введение.

## Где пасутся квагги

Квагги пасутся на северном лугу с апреля.

## Часы посещения

Парк открыт с девяти до шести.

## Кормление квагг

Посетителям нельзя кормить квагг хлебом.
`;

const ENGLISH_ONLY = `Intro.

## Quagga stripes

Each quagga has stripes on the front half of its body only.
`;

async function save(t: TestApp, fields: Partial<DocumentFields>): Promise<void> {
  await t.services.db.transaction((tx) =>
    saveDocument(
      tx,
      { spaceId: null, slug: "doc", kind: "guidance", language: "en", title: "Guidance", tags: [], bodyMd: "", status: "published", translationOfSlug: null, collectionId: null, ...fields },
      { actorUserId: null, source: "import", now: new Date() },
    ),
  );
}

describe("answers: translations learned from translated documents", () => {
  let t: TestApp;

  before(async () => {
    t = await createTestApp();
    await save(t, { slug: "park-en", title: "The park", bodyMd: PAIR_EN });
    await save(t, { slug: "park-ru", language: "ru", title: "Парк", bodyMd: PAIR_RU, translationOfSlug: "park-en" });
    await save(t, { slug: "quagga-facts", title: "Facts", bodyMd: ENGLISH_ONLY });
  });
  after(() => t.close());

  // The bilingual dictionary is left out: it knows «полоса» → "stripe", and this is about what the guidance teaches.
  const documents = async (learnedTranslations: boolean) =>
    (await answerQuestion(t.services, "Полосы квагги", { spaceId: null, viewer: null, locale: "ru", threshold: 0, learnedTranslations, dictionary: false })).results.map((result) => result.document);

  test("a Russian question finds an English-only passage through a word pair learned from an aligned translation", async () => {
    assert.ok((await documents(true)).includes("quagga-facts"));
  });

  test("without learned translations the English-only passage is out of reach", async () => {
    assert.ok(!(await documents(false)).includes("quagga-facts"));
  });

  test("a draft translation teaches nothing", async () => {
    await save(t, { slug: "park-ru", language: "ru", title: "Парк", bodyMd: PAIR_RU, translationOfSlug: "park-en", status: "draft" });
    try {
      assert.ok(!(await documents(true)).includes("quagga-facts"));
    } finally {
      await save(t, { slug: "park-ru", language: "ru", title: "Парк", bodyMd: PAIR_RU, translationOfSlug: "park-en" });
    }
  });
});
