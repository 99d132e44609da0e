/**
 * CSV text (RFC 4180, CRLF line ends, with a BOM so spreadsheet programs read UTF-8). Cells that a
 * spreadsheet would run as a formula (=, +, -, @ first) get a leading apostrophe.
 */
export function toCsv(headers: string[], rows: (string | number)[][]): string {
  const cell = (value: string | number): string => {
    if (typeof value === "number") return String(value);
    const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return `\uFEFF${[headers, ...rows].map((row) => row.map(cell).join(",")).join("\r\n")}\r\n`;
}
