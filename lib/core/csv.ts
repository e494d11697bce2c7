/**
 * CSV as spreadsheets read it (RFC 4180): every field quoted, quotes doubled, CRLF between
 * rows. A cell that a spreadsheet would run as a formula (=, +, -, @, tab, CR at its start)
 * gets a leading apostrophe: the alert's text comes from outside and must stay text.
 */
export function csvCell(value: string | number | null | undefined): string {
  const text = value === null || value === undefined ? "" : String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replaceAll('"', '""')}"`;
}

export function csvRow(values: (string | number | null | undefined)[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}
