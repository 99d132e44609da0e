// CSV text (RFC 4180, CRLF, BOM; formula-injection safe) is the platform's, shared with consultations and events.
export { toCsv } from "../../../platform/csv";
