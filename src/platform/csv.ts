// CSV for spreadsheets (RFC 4180), safe against formula injection: the one way commitments, consultations and
// events write the tables organisers download.

/**
 * One CSV cell. A cell a spreadsheet would run as a formula — starting with =, +, -, @, a tab or a carriage
 * return — gets a leading apostrophe, so text people typed cannot become a formula in the organiser's sheet.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV text with CRLF line ends and a BOM, so spreadsheet programs read UTF-8. */
export function toCsv(headers: string[], rows: (string | number | null | undefined)[][]): string {
  return `\uFEFF${[headers, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n")}\r\n`;
}
