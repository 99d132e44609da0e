import { DataSet, englishDataset, englishRecommendedTransformers, pattern, RegExpMatcher } from "obscenity";
import { words as russianWordEntries } from "russian-bad-words";

/**
 * Screening of Russian and English abusive language, each list on the words of its own language. A match never
 * rejects a post: the gate holds it for a moderator, so a false positive costs a moderator a click while a false
 * negative stays reportable. The word lists are maintained packages (`obscenity` for English, `russian-bad-words`
 * for Russian); this file only adds normalisation, whole-word matching, a short list of roots for inflected forms
 * the Russian list leaves out, and the choice of list by the post's language (`screenText`).
 */

export type ScreeningResult = { isFlagged: boolean; terms: string[] };

// English: obscenity's dataset with its recommended transformers (leetspeak, look-alikes, repeated letters,
// case), screened by WHOLE WORDS. The dataset matches many stems anywhere inside a word ("wordsbeforefuck"),
// which holds the field's own words: "artisanal" (anal), "Dikshit" (shit), "trafficking" (fick → fuck), the
// Cyrillic "строгий" read through look-alikes as "ctpornn" (porn). So every pattern here must start a word
// (obscenity's `|` boundary): a word that is or begins with a listed one is held ("fucking", "shithead"),
// one that merely contains it is not. Abusive compounds whose listed word comes second are listed below.
type EnglishMetadata = { originalWord: string };
const englishWords = new DataSet<EnglishMetadata>()
  .addAll(englishDataset)
  // "dick" is a common first name ("Moby Dick", Dick Cheney); obscenity's "anal" also lists "danal", "eanal"…
  // only to find the stem inside words, which whole-word matching gives up ("kanal", "Sanal").
  .removePhrasesIf((phrase) => phrase.metadata?.originalWord === "dick" || phrase.metadata?.originalWord === "anal")
  .addPhrase((phrase) =>
    phrase
      .setMetadata({ originalWord: "anal" })
      .addPattern(pattern`|anal`)
      .addWhitelistedTerm("analy")
      .addWhitelistedTerm("analog")
      .addWhitelistedTerm("analag")
      .addWhitelistedTerm("anale"),
  )
  .addPhrase((phrase) => phrase.setMetadata({ originalWord: "dickhead" }).addPattern(pattern`|dickhead`))
  .addPhrase((phrase) =>
    ["motherfuck", "clusterfuck", "dumbfuck", "mindfuck"].reduce((builder, word) => builder.addPattern(pattern`|${word}`), phrase.setMetadata({ originalWord: "fuck" })),
  )
  .addPhrase((phrase) =>
    ["bullshit", "horseshit", "dipshit", "batshit", "apeshit", "chickenshit", "dogshit", "dumbshit"].reduce(
      (builder, word) => builder.addPattern(pattern`|${word}`),
      phrase.setMetadata({ originalWord: "shit" }),
    ),
  )
  .addPhrase((phrase) =>
    ["jackass", "dumbass", "smartass", "fatass", "lardass", "asshat", "dumbarse"].reduce((builder, word) => builder.addPattern(pattern`|${word}`), phrase.setMetadata({ originalWord: "ass" })),
  );
const englishBuilt = englishWords.build();
// Ordinary words and names that begin with a listed word (obscenity whitelists many: "assess", "cumu"…);
// "fuku" covers Japanese names (Fukushima, Fukuoka, Fukuyama).
// Whitelisted terms are matched on the lower-cased text without look-alike or accent folding.
const englishWhitelist = [
  ...(englishBuilt.whitelistedTerms ?? []),
  "cumin", "cummings", "pussycat", "pussy willow", "penistone", "rapeseed", "shiitake", "assyria", "fuku",
  // Spanish "negro" is the colour: the Black Sea, the Río Negro (Argentina, Brazil, Uruguay).
  "mar negro", "río negro", "rio negro",
];
/** Every listed pattern must start a word; with `isWholeWord` it must also end one ("ass" holds "ass", not "assez"). */
function englishMatcherOf(isWholeWord: boolean): RegExpMatcher {
  return new RegExpMatcher({
    blacklistedTerms: englishBuilt.blacklistedTerms.map((term) => ({
      ...term,
      pattern: { ...term.pattern, requireWordBoundaryAtStart: true, requireWordBoundaryAtEnd: isWholeWord || term.pattern.requireWordBoundaryAtEnd },
    })),
    whitelistedTerms: englishWhitelist,
    ...englishRecommendedTransformers,
  });
}
const englishMatchers = { prefix: englishMatcherOf(false), wholeWord: englishMatcherOf(true) };

function englishTerms(text: string, matcher: RegExpMatcher): string[] {
  return matcher.getAllMatches(text).map((match) => englishWords.getPayloadWithPhraseMetadata(match).phraseMetadata?.originalWord ?? "");
}

// Latin letters and digits people type instead of Cyrillic look-alikes ("xyй", "cyкa", "3ae6ись").
const LOOK_ALIKES: Record<string, string> = {
  a: "а", b: "в", c: "с", e: "е", h: "н", k: "к", m: "м", o: "о", p: "р", t: "т", x: "х", y: "у", u: "и", r: "г",
  "0": "о", "3": "з", "6": "б", "4": "ч", "@": "а", ё: "е",
};

/** Lower case, ё → е, look-alikes → Cyrillic, runs of one letter collapsed ("сууука" → "сука"). */
export function normaliseRussianWord(word: string): string {
  const mapped = [...word.toLowerCase()].map((char) => LOOK_ALIKES[char] ?? char).join("");
  return mapped.replace(/(.)\1+/gu, "$1");
}

// The package's `flatWords` also contains each entry's `type` ("noun", "interjection"…), so the forms are
// read from `words`, skipping `type`. "сук" (also "a bough") and "нах" (a clipped form seen in ordinary
// text) are too ambiguous to hold a post on their own.
const AMBIGUOUS_RUSSIAN = new Set(["сук", "нах"]);
const RUSSIAN_FORMS = new Set(
  russianWordEntries
    .flatMap((entry) => Object.entries(entry).filter(([key]) => key !== "type").map(([, form]) => String(form)))
    .map(normaliseRussianWord)
    .filter((form) => form.length > 1 && !AMBIGUOUS_RUSSIAN.has(normaliseRussianWord(form))),
);

// Roots of words the list has only some forms of ("хуйня", "ебать", "пиздеть", "мудак"). A word matches when,
// after at most one verbal prefix, it *starts* with a root — never on a substring inside an ordinary word
// ("застрахуй", "скипидар", "мудрый", "дебаты", "оскорблять" stay clean).
const RUSSIAN_ROOTS = [
  "хуй", "хуе", "хуя", "хую", "хуи", "пизд", "ебан", "ебат", "ебал", "ебл", "ебн", "ебуч", "ебу", "ебет", "ебош",
  "бляд", "блят", "мудак", "мудач", "мудил", "пидор", "пидар", "пидр", "долбоеб", "гандон",
].map(normaliseRussianWord);
const RUSSIAN_PREFIXES = [
  "", "за", "на", "от", "ото", "по", "при", "вы", "у", "раз", "рас", "с", "о", "об", "обо", "до", "пере", "под", "недо", "из", "вз", "про",
  "съ", "объ", "отъ", "подъ", "разъ", "изъ", "въ", "взъ",
].map(normaliseRussianWord);
// "манда" is also the start of "мандарин" and "мандат", so it counts only as a whole word.
const WHOLE_WORD_ROOTS = new Set(["еб", "манда", "мандой", "манды", "манде", "манду"].map(normaliseRussianWord));

function isRussianAbuse(word: string): boolean {
  if (RUSSIAN_FORMS.has(word) || WHOLE_WORD_ROOTS.has(word)) return true;
  for (const prefix of RUSSIAN_PREFIXES) {
    if (!word.startsWith(prefix)) continue;
    const rest = word.slice(prefix.length);
    if (RUSSIAN_FORMS.has(rest)) return true;
    if (RUSSIAN_ROOTS.some((root) => rest.startsWith(root))) return true;
  }
  return false;
}

const CYRILLIC = /\p{Script=Cyrillic}/u;
const ALL_CYRILLIC = /^\p{Script=Cyrillic}+$/u;
// A word: letters plus the digits and symbols used as letter look-alikes, joined by nothing else.
const WORD = /[\p{L}0-9@]+/gu;

/** The text's words, plus words spelled out one letter at a time ("с.у.к.а", "х у й", "f u c k") joined up. */
function wordsOf(text: string): { words: string[]; spelled: string[] } {
  const spelled: string[] = [];
  let run = "";
  for (const token of text.match(WORD) ?? []) {
    if (token.length === 1) {
      run += token;
      continue;
    }
    if (run.length >= 3) spelled.push(run);
    run = "";
  }
  if (run.length >= 3) spelled.push(run);
  return { words: text.match(WORD) ?? [], spelled };
}

/**
 * How Latin-script words of a post are read. English posts: the English list as it stands, a word that is or begins
 * with a listed one ("fucking"). French and Spanish posts: no list, since their Latin words are their own language's
 * and the English list misreads them ("assez", "retard" — "late" in French); Convene has no French or Spanish list.
 * Any other post (Russian, Arabic, Chinese, or one whose language is not known): its Latin words are of a language
 * nobody said, so only a word that IS a listed English one holds it.
 */
type LatinReading = "english" | "none" | "whole-words";
const LATIN_READING: Record<string, LatinReading> = { en: "english", fr: "none", es: "none" };

// The commonest function words of the three Latin-script UN languages: enough to tell a post's language when its
// author did not say, never a vocabulary. Words two of them share ("la", "en", "de", "que") are left out.
const FUNCTION_WORDS: Record<"en" | "fr" | "es", ReadonlySet<string>> = {
  en: new Set("the and of to is are was were that this with for from have has not our we they it be by an as".split(" ")),
  fr: new Set("le les des du et est une un pour dans qui sur pas au aux avec ce cette sont nous vous il elle ne très mais ou".split(" ")),
  es: new Set("el los las del y es una para por con se su al como más son este esta pero muy o hay".split(" ")),
};
const SCRIPTS: [string, RegExp][] = [["ru", /\p{Script=Cyrillic}/u], ["ar", /\p{Script=Arabic}/u], ["zh", /\p{Script=Han}/u]];

/**
 * The language of a post whose author did not give one: by its letters when most are Cyrillic, Arabic or Chinese;
 * by its function words among English, French and Spanish; `undefined` when neither settles it.
 */
export function guessPostLanguage(text: string): string | undefined {
  const letters = [...text].filter((char) => /\p{L}/u.test(char));
  for (const [language, script] of SCRIPTS) if (letters.filter((char) => script.test(char)).length * 2 > letters.length) return language;
  const postWords = text.toLowerCase().match(WORD) ?? [];
  const counts = Object.entries(FUNCTION_WORDS).map(([language, set]) => ({ language, count: postWords.filter((word) => set.has(word)).length }));
  counts.sort((a, b) => b.count - a.count);
  return counts[0]!.count > counts[1]!.count ? counts[0]!.language : undefined;
}

/**
 * Screens a post's text: which listed abusive words it contains. `language` is the post's language when known (a
 * locale code); otherwise it is guessed (`guessPostLanguage`). Cyrillic words are always Russian's to judge; Latin
 * words as `LatinReading` says for the post's language.
 */
export function screenText(text: string, language?: string | null): ScreeningResult {
  const terms = new Set<string>();
  const { words, spelled } = wordsOf(text);
  // Only words with a Cyrillic letter are read as Russian: look-alike mapping would turn English words into Russian ones.
  for (const word of [...words, ...spelled]) {
    if (!CYRILLIC.test(word)) continue;
    const normalised = normaliseRussianWord(word);
    if (isRussianAbuse(normalised)) terms.add(normalised);
  }
  const postLanguage = language && language !== "other" ? language : guessPostLanguage(text);
  const reading = (postLanguage && LATIN_READING[postLanguage]) || "whole-words";
  if (reading !== "none") {
    // Words written wholly in Cyrillic are Russian's to judge: obscenity folds Cyrillic look-alikes into Latin letters,
    // so it would read "строгий" as "ctpornn". A word mixing the two scripts ("fuсk" with a Cyrillic с) is read by both.
    const latinOrMixed = text.replace(WORD, (word) => (ALL_CYRILLIC.test(word) ? " ".repeat(word.length) : word));
    const matcher = reading === "english" ? englishMatchers.prefix : englishMatchers.wholeWord;
    for (const term of englishTerms([latinOrMixed, ...spelled.filter((word) => !CYRILLIC.test(word))].join("\n"), matcher)) if (term) terms.add(term);
  }
  return { isFlagged: terms.size > 0, terms: [...terms] };
}

/** Screens a post written in several languages (one text a language, as a `LocalizedText`): each with its own lists. */
export function screenLocalizedText(texts: Readonly<Partial<Record<string, string>>>): ScreeningResult {
  const terms = new Set(Object.entries(texts).flatMap(([language, text]) => (text ? screenText(text, language).terms : [])));
  return { isFlagged: terms.size > 0, terms: [...terms] };
}
