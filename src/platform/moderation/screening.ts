import { DataSet, englishDataset, englishRecommendedTransformers, pattern, RegExpMatcher } from "obscenity";
import { words as russianWordEntries } from "russian-bad-words";

/**
 * Screening of Russian and English abusive language. A match never rejects a post: the gate holds it for a
 * moderator, so a false positive costs a moderator a click while a false negative stays reportable. The
 * word lists are maintained packages (`obscenity` for English, `russian-bad-words` for Russian); this file
 * only adds normalisation, whole-word matching and a short list of roots for inflected forms the Russian list
 * leaves out.
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
const englishMatcher = new RegExpMatcher({
  blacklistedTerms: englishBuilt.blacklistedTerms.map((term) => ({ ...term, pattern: { ...term.pattern, requireWordBoundaryAtStart: true } })),
  // Ordinary words and names that begin with a listed word (obscenity whitelists many: "assess", "cumu"…);
  // "fuku" covers Japanese names (Fukushima, Fukuoka, Fukuyama).
  // Whitelisted terms are matched on the lower-cased text without look-alike or accent folding.
  whitelistedTerms: [
    ...(englishBuilt.whitelistedTerms ?? []),
    "cumin", "cummings", "pussycat", "pussy willow", "penistone", "rapeseed", "shiitake", "assyria", "fuku",
    // Spanish "negro" is the colour: the Black Sea, the Río Negro (Argentina, Brazil, Uruguay).
    "mar negro", "río negro", "rio negro",
  ],
  ...englishRecommendedTransformers,
});

function englishTerms(text: string): string[] {
  return englishMatcher.getAllMatches(text).map((match) => englishWords.getPayloadWithPhraseMetadata(match).phraseMetadata?.originalWord ?? "");
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

/** Screens a post's text: which listed abusive words it contains, in either language. */
export function screenText(text: string): ScreeningResult {
  const terms = new Set<string>();
  const { words, spelled } = wordsOf(text);
  // Only words with a Cyrillic letter are read as Russian: look-alike mapping would turn English words into Russian ones.
  for (const word of [...words, ...spelled]) {
    if (!CYRILLIC.test(word)) continue;
    const normalised = normaliseRussianWord(word);
    if (isRussianAbuse(normalised)) terms.add(normalised);
  }
  // Words written wholly in Cyrillic are Russian's to judge: obscenity folds Cyrillic look-alikes into Latin letters,
  // so it would read "строгий" as "ctpornn". A word mixing the two scripts ("fuсk" with a Cyrillic с) is read by both.
  const latinOrMixed = text.replace(WORD, (word) => (ALL_CYRILLIC.test(word) ? " ".repeat(word.length) : word));
  for (const term of englishTerms([latinOrMixed, ...spelled.filter((word) => !CYRILLIC.test(word))].join("\n"))) if (term) terms.add(term);
  return { isFlagged: terms.size > 0, terms: [...terms] };
}
