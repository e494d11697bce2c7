"use client";

import { useEffect, useState } from "react";
import { formatWhen } from "@/lib/core/dates";

const FORMAT: Intl.DateTimeFormatOptions = {
  dateStyle: "medium",
  timeStyle: "short",
};

/**
 * A time in the viewer's own time zone ("2 Dec 2026, 01:00 GMT+1"). The server can't know
 * the zone, so the first render (and a page without script) says UTC, and the browser then
 * writes its local time; the machine-readable value never changes.
 */
export function LocalTime({ date }: { date: Date | string }) {
  const at = typeof date === "string" ? new Date(date) : date;
  const iso = at.toISOString();
  const [text, setText] = useState(() => formatWhen(at));
  useEffect(() => {
    const when = new Date(iso);
    const zone = new Intl.DateTimeFormat(undefined, { timeZoneName: "short" })
      .formatToParts(when)
      .find((part) => part.type === "timeZoneName")?.value;
    setText(`${new Intl.DateTimeFormat(undefined, FORMAT).format(when)}${zone ? ` ${zone}` : ""}`);
  }, [iso]);
  return <time dateTime={iso}>{text}</time>;
}
