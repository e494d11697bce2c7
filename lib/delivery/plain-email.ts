/**
 * The email sent when a template fails to render: its text as it is, and the same text
 * escaped in a <pre> as the HTML part, so nothing is left unsendable for a template error.
 */
export function plainEmail(text: string): { html: string; text: string } {
  const escaped = text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return { html: `<pre>${escaped}</pre>`, text };
}
