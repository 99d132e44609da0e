import { foldText } from "../../../platform/search/analyzer";

/*
 * What kind of answer a question asks for, told from its question words — answer-type matching, the oldest check
 * of question-answering systems. Only quantities are told apart, by kind: a price, a duration, a size, a count.
 * A passage that states no quantity of that kind cannot answer the question however many of its words it shares,
 * which is the commonest way a question the guidance does not answer looks answerable ("how much does
 * accreditation cost?" against the passage on how to get accredited, which gives its deadlines but no price).
 * Guidance is full of figures, so a figure alone is not enough: the unit must fit the question.
 */

export type QuantityKind = "price" | "duration" | "size" | "count";

const RU = "а-я";
const word = (pattern: string) => new RegExp(`(^|[^${RU}a-z0-9])(${pattern})($|[^${RU}a-z0-9])`);

/** Question words for each kind, most specific first (a price before a count: "how much does it cost"). */
const QUESTION_KIND: [QuantityKind, RegExp][] = [
  ["price", word("how much (does|do|is|will|would)\\S* [a-z ]*(cost|charge|pay)|cost|costs|price|fee|fees|charge|charged|сколько стои\\S*|стоимост\\S*|цен(а|у|ы)|плат(а|у|ы|ить|ят)|взнос\\S*")],
  ["duration", word("how long|how many (days|weeks|months|years|hours|minutes)|как долго|сколько (времени|дней|недель|месяцев|лет|часов|минут)|в течение какого|на какой срок|какой срок")],
  ["size", word("how (large|big)|maximum size|file size|size limit|how many (words|pages|characters)|какого размера|размер\\S*|сколько (слов|страниц|знаков|символов)|объем\\S*")],
  ["count", word("how many|number of|maximum|minimum|at most|at least|сколько|максимальн\\S*|минимальн\\S*|количеств\\S*|числ(о|а) ")],
];

const NUMBER = "\\d+([.,]\\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|ninety|hundred|thousand|million|half|dozen|один|одна|одно|одного|одной|два|две|двух|три|трех|четыре|четырех|пять|пяти|шесть|шести|семь|семи|восемь|восьми|девять|девяти|десять|десяти|пятнадцать|двадцать|двадцати|тридцать|тридцати|сорок|пятьдесят|сто|сотни|тысяч\\S*|миллион\\S*|половин\\S*";
const TIME_UNIT = "minutes?|hours?|days?|weeks?|months?|years?|annually|минут\\S*|час(а|ов)?|дн(я|ей)|день|сут(ки|ок)|недел\\S*|месяц\\S*|год(а)?|лет";
const MONEY = "usd|eur|us\\$|dollars?|euros?|tenge|roubles?|rubles?|доллар\\S*|евро|тенге|рубл\\S*|free of charge|free|no fee|бесплатн\\S*|без оплаты|\\$|€|₸|₽";
const SIZE_UNIT = "kb|mb|gb|megabytes?|kilobytes?|pages?|words|characters|кб|мб|гб|мегабайт\\S*|килобайт\\S*|страниц\\S*|слов|знаков|символов";

const PASSAGE_KIND: Record<QuantityKind, RegExp[]> = {
  price: [word(MONEY), /[$€₸₽]/],
  // "30 days", "a 30-day period", and a single unit said in words: "within a month", «в течение месяца».
  duration: [word(`(${NUMBER}) (${TIME_UNIT})`), word(`(${NUMBER})-(${TIME_UNIT})`), word(`(a|an|per|each|every|within|в течение|за|через|раз в|каждый|каждые) (${TIME_UNIT})`)],
  size: [word(`(${NUMBER}) ?(${SIZE_UNIT})`)],
  count: [/\d/, word(NUMBER)],
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
