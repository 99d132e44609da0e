import { foldText, tokenize } from "../../../platform/search/analyzer";

/*
 * What kind of answer a question asks for, told from its question words — answer-type matching, the oldest check
 * of question-answering systems. Only quantities are told apart, by kind: a price, a duration, a size, a count.
 * A passage that states no quantity of that kind cannot answer the question however many of its words it shares,
 * which is the commonest way a question the guidance does not answer looks answerable ("how much does
 * accreditation cost?" against the passage on how to get accredited, which gives its deadlines but no price).
 * Guidance is full of figures, so a figure alone is not enough: the unit must fit the question.
 */

export type QuantityKind = "price" | "duration" | "size" | "count" | "date" | "temperature" | "share" | "mass";

const RU = "а-я";
const word = (pattern: string) => new RegExp(`(^|[^${RU}a-z0-9])(${pattern})($|[^${RU}a-z0-9])`);

/** Question words for each kind, most specific first (a price before a count: "how much does it cost"). */
const QUESTION_KIND: [QuantityKind, RegExp][] = [
  ["price", word("how much (does|do|is|will|would)\\S* [a-z ]*(cost|charge|pay)|cost|costs|price|fee|fees|charge|charged|сколько стои\\S*|стоимост\\S*|цен(а|у|ы)|плат(а|у|ы|ить|ят)|взнос\\S*|in (dollars|euros|roubles|rubles|us dollars)|в (долларах|евро|рублях|тенге)")],
  ["duration", word("how long|how many (days|weeks|months|years|hours|minutes)|как долго|сколько (времени|дней|недель|месяцев|лет|часов|минут)|в течение какого|на какой срок|какой срок")],
  ["size", word("how (large|big)|maximum size|file size|size limit|how many (words|pages|characters)|какого размера|размер\\S*|сколько (слов|страниц|знаков|символов)|объем\\S*")],
  // "When…?" opening a sentence (not "…covered when the secretariat pays"), and the date questions.
  ["date", new RegExp(`(^|[.?!]\\s+)(when|когда)($|[^${RU}a-z0-9])|${word("(on|by|from|until) (which|what) dates?|what dates?|which dates?|what day|what is the deadline|какого числа|в какой день|в какие (сроки|дни|даты)|какая дата|какие даты|до какого (числа|срока)").source}`)],
  ["mass", word("how heavy|weight|weigh|mass|in (milligrams|grams|kilograms|tonnes|tons|mg|kg)|вес|весит|масс(а|у|ы)|в (миллиграммах|граммах|килограммах|тоннах|мг|кг)")],
  ["temperature", word("temperatures?|how (hot|cold)|температур\\S*")],
  ["share", word("what (share|percentage|proportion|fraction|part)|how many percent|какую долю|какая доля|какой процент|сколько процентов|какая часть|какую часть")],
  ["count", word("how many|number of|maximum|minimum|at most|at least|сколько|максимальн\\S*|минимальн\\S*|количеств\\S*|числ(о|а) ")],
];

const NUMBER = "\\d+([.,]\\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|ninety|hundred|thousand|million|half|dozen|один|одна|одно|одного|одной|два|две|двух|три|трех|четыре|четырех|пять|пяти|шесть|шести|семь|семи|восемь|восьми|девять|девяти|десять|десяти|пятнадцать|двадцать|двадцати|тридцать|тридцати|сорок|пятьдесят|сто|сотни|тысяч\\S*|миллион\\S*|половин\\S*";
const TIME_UNIT = "minutes?|hours?|days?|weeks?|months?|years?|annually|минут\\S*|час(а|ов)?|дн(я|ей)|день|сут(ки|ок)|недел\\S*|месяц\\S*|год(а)?|лет";
const MONEY = "usd|eur|us\\$|dollars?|euros?|tenge|roubles?|rubles?|доллар\\S*|евро|тенге|рубл\\S*|free of charge|free|no fee|бесплатн\\S*|без оплаты|\\$|€|₸|₽";
const SIZE_UNIT = "kb|mb|gb|megabytes?|kilobytes?|pages?|words|characters|кб|мб|гб|мегабайт\\S*|килобайт\\S*|страниц\\S*|слов|знаков|символов";

const MONTH = "january|february|march|april|may|june|july|august|september|october|november|december|январ\\S*|феврал\\S*|март\\S*|апрел\\S*|ма(я|й|е)|июн\\S*|июл\\S*|август\\S*|сентябр\\S*|октябр\\S*|ноябр\\S*|декабр\\S*";
const WEEKDAY = "monday|tuesday|wednesday|thursday|friday|saturday|sunday|понедельник\\S*|вторник\\S*|сред(а|у)|четверг\\S*|пятниц\\S*|суббот\\S*|воскресень\\S*";

const PASSAGE_KIND: Record<QuantityKind, RegExp[]> = {
  price: [word(MONEY), /[$€₸₽]/],
  // "30 days", "a 30-day period", and a single unit said in words: "within a month", «в течение месяца».
  duration: [word(`(${NUMBER}) (${TIME_UNIT})`), word(`(${NUMBER})-(${TIME_UNIT})`), word(`(a|an|per|each|every|within|в течение|за|через|раз в|каждый|каждые) (${TIME_UNIT})`)],
  size: [word(`(${NUMBER}) ?(${SIZE_UNIT})`)],
  count: [/\d/, word(NUMBER)],
  // A date, a weekday, a year, a time of day, or a time relative to an event ("within 30 days", "a month before").
  date: [word(`(${MONTH})|(${WEEKDAY})|(19|20)\\d\\d|\\d{1,2}[:.]\\d\\d|(${NUMBER}) (${TIME_UNIT})|(${NUMBER})-(${TIME_UNIT})|(a|an|per|each|every|within|в течение|за|через|раз в|каждый|каждые) (${TIME_UNIT})|annually|yearly|monthly|weekly|daily|ежегодн\\S*|ежемесячн\\S*|еженедельн\\S*`)],
  mass: [word(`(${NUMBER}) ?(mg|g|kg|t|milligrams?|grams?|kilograms?|kilos?|tonnes?|tons?|мг|г|кг|т|миллиграмм\\S*|грамм\\S*|килограмм\\S*|тонн\\S*)`)],
  temperature: [/°/, word("degrees?|градус\\S*")],
  share: [/%/, word("percent|per cent|процент\\S*|half|third|quarter|половин\\S*|трет\\S*|четверт\\S*")],
};

/** The kind of quantity the question asks for, if it asks for one. */
export function quantityAsked(question: string): QuantityKind | undefined {
  const text = foldText(question);
  return QUESTION_KIND.find(([, pattern]) => pattern.test(text))?.[0];
}

/** Whether a passage states a quantity of the kind (a price, a duration, a size, a count). */
export function statesQuantity(passage: string, kind: QuantityKind): boolean {
  const text = foldText(passage);
  return PASSAGE_KIND[kind].some((pattern) => pattern.test(text));
}

const EN_DETERMINERS = new Set(["which", "what", "whose"]);
const RU_DETERMINERS = /^(как(ой|ая|ое|ие|их|им|ую|ом|ими|ому|ого)|каков(а|о|ы)?|сколько)$/;
/** "what kind of support": the kind is not the focus, the noun after "of" is. */
const EN_KIND = new Set(["kind", "kinds", "type", "types", "sort", "sorts"]);
const EN_AUXILIARIES = new Set(["do", "does", "did", "is", "are", "was", "were", "can", "could", "should", "shall", "will", "would", "may", "might", "must", "has", "have", "had"]);
/** Prepositions the stop list keeps (they end a noun phrase: "how many requests *per* minute"). */
const EN_PREPOSITIONS = new Set(["per", "via", "within", "without", "after", "before", "during", "against", "between", "through", "among", "near", "across", "beyond"]);
/** Russian adjective endings: a determiner's first words may describe the noun («какие самые вредные приёмы»). */
const RU_ADJECTIVE = /(ый|ий|ой|ая|яя|ое|ее|ые|ие|ого|его|ому|ему|ым|им|ую|юю|ых|их|ыми|ими)$/;
/** Nouns with an adjective's ending («решение», «участие»). */
const RU_NOUN_LIKE_ADJECTIVE = /(ние|тие)$/;
/** Verb forms: «сколько стоит», «какие выдаются» have no noun focus. */
const RU_VERB = /(ть|ться|ет|ит|ют|ят|ут|ат|ется|ится|ются|ятся|ал|ил|ел|ла|ли|ло)$/;

/**
 * The question's focus: the stem of the noun its question word asks about — "which *hotel*", "how many *members*",
 * «какие *санкции*», «сколько *стран*» — the classic "question focus" of question answering. A passage that never
 * names it answers a neighbouring question, not this one. Undefined when the question word asks about a verb or
 * stands alone ("what is…", "how do I…", «как…»).
 */
export function questionFocus(question: string): string | undefined {
  const tokens = tokenize(question);
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index]!;
    if (token.language === "en") {
      let start = -1;
      if (EN_DETERMINERS.has(token.word)) start = index + 1;
      else if (token.word === "how" && (tokens[index + 1]?.word === "many" || tokens[index + 1]?.word === "much")) start = index + 2;
      if (start < 0) continue;
      const run: string[] = [];
      const isNoun = (next: number) => next < tokens.length && !tokens[next]!.isStopWord && tokens[next]!.language === "en" && !EN_PREPOSITIONS.has(tokens[next]!.word);
      for (let next = start; isNoun(next); next += 1) run.push(tokens[next]!.stem);
      if (run.length === 1 && EN_KIND.has(tokens[start]!.word) && tokens[start + 1]?.word === "of") {
        run.length = 0;
        for (let next = start + 2; isNoun(next); next += 1) run.push(tokens[next]!.stem);
      }
      // "Which/what N" is the noun asked about when an auxiliary follows ("which hotel *does*…", "on what ground
      // *can*…"); otherwise N may be a verb or a subject ("what happens to…", "which tools help…").
      const after = tokens[start + run.length + (tokens[start]?.word !== undefined && EN_KIND.has(tokens[start]!.word) && tokens[start + 1]?.word === "of" ? 2 : 0)];
      if (token.word !== "how" && after !== undefined && !EN_AUXILIARIES.has(after.word)) return undefined;
      // English puts the head noun last: "how many observer *organisations*".
      return run.length > 0 ? run[run.length - 1] : undefined;
    }
    if (token.language === "ru" && RU_DETERMINERS.test(token.word)) {
      const run = [];
      for (let next = index + 1; next < tokens.length && !tokens[next]!.isStopWord && tokens[next]!.language === "ru"; next += 1) run.push(tokens[next]!);
      if (run.length === 0 || RU_VERB.test(run[0]!.word)) return undefined;
      // Russian puts the describing words first: «какие самые вредные *приёмы*».
      const noun = run.find((word) => !RU_ADJECTIVE.test(word.word) || RU_NOUN_LIKE_ADJECTIVE.test(word.word)) ?? run[run.length - 1]!;
      return RU_VERB.test(noun.word) ? undefined : noun.stem;
    }
  }
  return undefined;
}

