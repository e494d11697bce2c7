import type { CSSProperties } from "react";

/*
 * Colours chosen for WCAG AA contrast against their background (ratios in comments), so
 * nothing relies on colour alone: every badge also says its meaning in words.
 */
export const colors = {
  page: "#f3f4f6",
  card: "#ffffff",
  text: "#111827", // 17.7:1 on white
  muted: "#4b5563", // 7.6:1 on white
  border: "#d1d5db",
  link: "#1d4ed8", // 6.7:1 on white
  critical: "#b91c1c", // white text 6.5:1
  high: "#9a3412", // white text 7.3:1
  low: "#374151", // white text 10.3:1
  resolved: "#166534", // white text 7.1:1
  testBackground: "#fef3c7",
  testText: "#78350f", // 8.6:1 on #fef3c7
} as const;

const fontFamily =
  "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

export const styles = {
  body: { backgroundColor: colors.page, fontFamily, margin: 0, padding: "24px 0" },
  container: {
    backgroundColor: colors.card,
    // Host names, paths and links come unbroken; let them wrap instead of widening the email.
    overflowWrap: "break-word",
    wordBreak: "break-word",
    border: `1px solid ${colors.border}`,
    borderRadius: "8px",
    maxWidth: "600px",
    padding: "24px 32px",
  },
  brand: {
    color: colors.text,
    fontSize: "14px",
    fontWeight: 700,
    letterSpacing: "0.04em",
    margin: 0,
  },
  kind: { color: colors.muted, fontSize: "14px", margin: "4px 0 0" },
  h1: { color: colors.text, fontSize: "22px", lineHeight: "30px", margin: "16px 0 8px" },
  h2: { color: colors.text, fontSize: "16px", lineHeight: "24px", margin: "24px 0 4px" },
  text: { color: colors.text, fontSize: "15px", lineHeight: "24px", margin: "8px 0" },
  detail: { color: colors.text, fontSize: "15px", lineHeight: "22px", margin: "2px 0" },
  note: { color: colors.muted, fontSize: "13px", lineHeight: "20px", margin: "8px 0" },
  link: { color: colors.link, textDecoration: "underline" },
  button: {
    backgroundColor: colors.link,
    borderRadius: "6px",
    color: "#ffffff",
    fontSize: "15px",
    fontWeight: 600,
    padding: "12px 20px",
    textDecoration: "none",
  },
  badge: {
    borderRadius: "4px",
    color: "#ffffff",
    fontSize: "13px",
    fontWeight: 700,
    padding: "2px 8px",
  },
  testBanner: {
    backgroundColor: colors.testBackground,
    borderRadius: "6px",
    color: colors.testText,
    fontSize: "14px",
    lineHeight: "20px",
    margin: "16px 0 0",
    padding: "8px 12px",
  },
  hr: { borderColor: colors.border, margin: "24px 0 16px" },
} satisfies Record<string, CSSProperties>;
