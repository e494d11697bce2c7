"use client";

import { useEffect, useState } from "react";
import { exactWords, relativeWords } from "@/lib/core/relative-time";

/**
 * A time shown relative ("3 min ago") with the exact time, in the viewer's time zone, on
 * hover and for screen readers. The server renders the exact UTC time (it knows no zone);
 * the browser swaps in its own words once mounted, and refreshes them every 30 seconds.
 */
export function RelativeTime({
  date,
  className,
}: {
  date: Date | string | number;
  className?: string;
}) {
  const at = new Date(date).getTime();
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const iso = new Date(at).toISOString();
  if (now === null) {
    return (
      <time dateTime={iso} className={className}>
        {iso.slice(0, 19).replace("T", " ")} UTC
      </time>
    );
  }
  const exact = exactWords(at);
  return (
    <time dateTime={iso} title={exact} className={className}>
      {relativeWords(at, now)}
      <span className="sr-only"> ({exact})</span>
    </time>
  );
}
