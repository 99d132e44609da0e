/**
 * A small RFC 4180 CSV reader: quoted fields may hold the delimiter, doubled quotes and line breaks;
 * CRLF, LF and lone CR all end a record; a leading byte-order mark is dropped; blank lines are skipped.
 * Each record remembers the line it starts on, so import errors can point at it.
 */
export type CsvRecord = { line: number; fields: string[] };

export type CsvDelimiter = "," | ";" | "\t";

/** Raised for text that is not CSV at all (an unclosed quote); `line` is where the problem starts. */
export class CsvSyntaxError extends Error {
  constructor(
    public readonly reason: "unclosed_quote" | "text_after_quote",
    public readonly line: number,
  ) {
    super(`CSV ${reason} at line ${line}`);
  }
}

/**
 * Guesses the delimiter from the first line: spreadsheets in many locales (Russian among them) save with
 * semicolons, and text pasted from a spreadsheet is tab-separated. Commas win a tie.
 */
export function detectDelimiter(text: string): CsvDelimiter {
  const firstLine = stripBom(text).split(/\r\n|\n|\r/, 1)[0] ?? "";
  const outsideQuotes = firstLine.replace(/"[^"]*"/g, "");
  const counts = { ",": 0, ";": 0, "\t": 0 } as Record<CsvDelimiter, number>;
  for (const character of outsideQuotes) if (character in counts) counts[character as CsvDelimiter]++;
  const best = (Object.keys(counts) as CsvDelimiter[]).reduce((winner, candidate) => (counts[candidate] > counts[winner] ? candidate : winner), ",");
  return counts[best] > 0 ? best : ",";
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function parseCsv(input: string, options: { delimiter?: CsvDelimiter } = {}): CsvRecord[] {
  const text = stripBom(input);
  const delimiter = options.delimiter ?? detectDelimiter(text);
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let isInQuotes = false;
  let isFieldQuoted = false;
  let hasQuotedField = false;
  let quoteLine = 1;
  let index = 0;

  const endField = () => {
    fields.push(field);
    field = "";
    isFieldQuoted = false;
  };
  const endRecord = () => {
    endField();
    // Blank lines, and rows of empty cells that spreadsheets append (",,,"), are not records.
    if (hasQuotedField || fields.some((value) => value.trim() !== "")) records.push({ line: recordLine, fields });
    fields = [];
    hasQuotedField = false;
  };
  const lineBreakLength = (at: number) => (text[at] === "\r" && text[at + 1] === "\n" ? 2 : 1);

  while (index < text.length) {
    const character = text[index];
    if (isInQuotes) {
      if (character === '"' && text[index + 1] === '"') {
        field += '"';
        index += 2;
      } else if (character === '"') {
        isInQuotes = false;
        index++;
      } else if (character === "\r" || character === "\n") {
        // Line breaks inside quotes belong to the field, normalised to \n.
        field += "\n";
        index += lineBreakLength(index);
        line++;
      } else {
        field += character;
        index++;
      }
    } else if (character === delimiter) {
      endField();
      index++;
    } else if (character === "\r" || character === "\n") {
      endRecord();
      index += lineBreakLength(index);
      line++;
      recordLine = line;
    } else if (isFieldQuoted && (character === " " || character === "\t")) {
      // Spaces after a closing quote are tolerated and dropped.
      index++;
    } else if (isFieldQuoted) {
      throw new CsvSyntaxError("text_after_quote", line);
    } else if (character === '"' && field === "") {
      isInQuotes = true;
      isFieldQuoted = true;
      hasQuotedField = true;
      quoteLine = line;
      index++;
    } else {
      // A quote inside an unquoted field is kept as written (lenient, like most spreadsheets).
      field += character;
      index++;
    }
  }
  if (isInQuotes) throw new CsvSyntaxError("unclosed_quote", quoteLine);
  if (field !== "" || fields.length > 0 || isFieldQuoted) endRecord();
  return records;
}
