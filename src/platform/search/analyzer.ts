import { createRequire } from "node:module";

/*
 * Text analysis shared by every search in Convene (site search, answers with citations, recurring findings):
 * the same folding, tokens, stop words and stems everywhere, so a word a page indexed is the word a query finds.
 * Stems come from the Snowball algorithms (the same family PostgreSQL's russian/english configurations use),
 * run in JavaScript so that ranking, glossary matching and clustering can work on them without a round trip.
 */

type SnowballStemmer = { stem(word: string): string };
type SnowballModule = { newStemmer(language: string): SnowballStemmer; algorithms(): string[] };

const snowball = createRequire(import.meta.url)("snowball-stemmers") as SnowballModule;

/** The text languages Convene analyses with their own stemmer; any other text is folded and split only. */
export type TextLanguage = "en" | "ru";
export const TEXT_LANGUAGES: readonly TextLanguage[] = ["en", "ru"];

const stemmers: Record<TextLanguage, SnowballStemmer> = {
  en: snowball.newStemmer("english"),
  ru: snowball.newStemmer("russian"),
};

// Function words that carry no topic. Short on purpose: a question's "how", "when", "who" are kept out,
// but words like "deadline" or "cost" stay in, since they decide which passage answers.
const STOP_WORDS: Record<TextLanguage, ReadonlySet<string>> = {
  en: new Set(
    (
      "a an the and or but if then else of to in on at by for with from into onto over under about as is are was were be been being " +
      "do does did done doing have has had having will would shall should can could may might must this that these those there here " +
      "it its it's i me my mine we us our ours you your yours he him his she her hers they them their theirs what which who whom whose " +
      "when where why how not no nor so than too very just also only any all each every some such own same other both few more most " +
      "up down out off again further once am get got please tell know want need let i'm i've we're you're don't can't isn't aren't"
    ).split(" "),
  ),
  ru: new Set(
    (
      "и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее её мне было вот от меня еще ещё нет о " +
      "из ему теперь когда даже ну вдруг ли если уже или ни быть был него до вас нибудь опять уж вам ведь там потом себя ничего ей " +
      "может они тут где есть надо ней для мы тебя их чем была сам чтоб без будто чего раз тоже себе под будет ж тогда кто этот того " +
      "потому этого какой совсем ним здесь этом один почти мой тем чтобы нее неё сейчас были куда зачем всех никогда можно при наконец " +
      "два об другой хоть после над больше тот через эти нас про всего них какая много разве три эту моя впрочем хорошо свою этой " +
      "перед иногда лучше чуть том нельзя такой им более всегда конечно всю между это эта также которые который которая которое " +
      "каких каким какие какое как-то нам наш наша наши ваш ваша ваши свой свои своих мы меня нужно надо ли либо"
    ).split(" "),
  ),
};

/** Folds case and the letters that are written two ways (ё/е), so comparisons ignore them. */
export function foldText(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/ё/g, "е");
}

const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;
const CYRILLIC = /[\u0400-\u04FF]/;
const LATIN = /[a-z]/;

/** The language a word is written in, told by its letters (a Latin word in Russian text is analysed as English). */
export function wordLanguage(word: string): TextLanguage | undefined {
  if (CYRILLIC.test(word)) return "ru";
  if (LATIN.test(word)) return "en";
  return undefined;
}

/** The language most of a text's letters belong to; `undefined` when it has neither Cyrillic nor Latin letters. */
export function detectLanguage(text: string): TextLanguage | undefined {
  let cyrillic = 0;
  let latin = 0;
  for (const character of text) {
    if (CYRILLIC.test(character)) cyrillic += 1;
    else if (/[A-Za-z]/.test(character)) latin += 1;
  }
  if (cyrillic === 0 && latin === 0) return undefined;
  return cyrillic >= latin ? "ru" : "en";
}

/** Folded words of a text, in order (hyphenated words and apostrophes kept whole: "cross-border", "o'clock"). */
export function words(text: string): string[] {
  return foldText(text).match(WORD) ?? [];
}

export function isStopWord(word: string, language: TextLanguage): boolean {
  return STOP_WORDS[language].has(word);
}

/** The Snowball stem of one folded word, by the language of its letters; numbers and other scripts as they are. */
export function stemWord(word: string): string {
  const language = wordLanguage(word);
  if (!language) return word;
  // Hyphenated words are stemmed part by part, so "cross-border" and "cross-borders" agree.
  if (word.includes("-")) return word.split("-").map((part) => stemmers[language].stem(part)).join("-");
  return stemmers[language].stem(word.replace(/['’]/g, ""));
}

export type Token = {
  /** The folded word as written. */
  word: string;
  /** Its stem. */
  stem: string;
  language: TextLanguage | undefined;
  /** Position among the text's words, stop words included (so phrases can be matched by adjacency). */
  position: number;
  isStopWord: boolean;
};

/** Every word of a text with its stem and whether it is a stop word. */
export function tokenize(text: string): Token[] {
  return words(text).map((word, position) => {
    const language = wordLanguage(word);
    return { word, stem: stemWord(word), language, position, isStopWord: language ? isStopWord(word, language) : false };
  });
}

/** The stems of a text's content words (stop words and one-letter words left out), in order, repeats kept. */
export function contentStems(text: string): string[] {
  return tokenize(text)
    .filter((token) => !token.isStopWord && token.word.length > 1)
    .map((token) => token.stem);
}
