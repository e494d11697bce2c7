import { Badge as UiBadge } from "@/app/_components/ui/badge";
import { deliveryWord, type Tone } from "./status-words";

export function Badge({ tone, children }: { tone: Tone; children: React.ReactNode }) {
  return <UiBadge tone={tone}>{children}</UiBadge>;
}

/** A delivery status in words; the colour only repeats what the word says. */
export function StatusBadge({ status }: { status: string }) {
  const { word, tone } = deliveryWord(status);
  return <Badge tone={tone}>{word}</Badge>;
}
