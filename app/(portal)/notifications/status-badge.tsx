import { deliveryWord, type Tone } from "./status-words";

const TONE_CLASS: Record<Tone, string> = {
  ok: "badge badge-ok",
  warn: "badge badge-warn",
  danger: "badge badge-danger",
  neutral: "badge",
};

export function Badge({ tone, children }: { tone: Tone; children: React.ReactNode }) {
  return <span className={TONE_CLASS[tone]}>{children}</span>;
}

/** A delivery status in words; the colour only repeats what the word says. */
export function StatusBadge({ status }: { status: string }) {
  const { word, tone } = deliveryWord(status);
  return <Badge tone={tone}>{word}</Badge>;
}
