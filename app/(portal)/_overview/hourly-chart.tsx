"use client";

import { useEffect, useState } from "react";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export type ChartSeries = { key: string; label: string; color: string };
export type ChartRow = { hour: number } & Record<string, number>;

// Until the browser has mounted, hours are named in UTC: the server knows no viewer's zone.
function hourLabel(hour: number, days: boolean, local: boolean): string {
  return new Intl.DateTimeFormat(undefined, {
    timeZone: local ? undefined : "UTC",
    ...(days ? { weekday: "short" } : {}),
    hour: "2-digit",
    minute: "2-digit",
  }).format(hour);
}

/**
 * Stacked bars per hour. The colours are the theme's tokens (CSS variables), so the chart
 * follows light and dark like the rest of the page; the same numbers are in a table for
 * screen readers, and the drawing itself is hidden from them.
 */
export function HourlyChart({
  title,
  rows,
  series,
  days,
}: {
  title: string;
  rows: ChartRow[];
  series: ChartSeries[];
  days: boolean;
}) {
  const [local, setLocal] = useState(false);
  useEffect(() => setLocal(true), []);
  const shown = rows.filter((row) => series.some((s) => row[s.key]));
  return (
    <figure className="m-0">
      <figcaption className="mb-2 font-semibold">{title}</figcaption>
      <div aria-hidden="true" className="h-60 w-full text-xs">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart
            data={rows}
            margin={{ top: 4, right: 8, bottom: 0, left: -16 }}
            // Not focusable: the drawing is hidden from assistive technology, the table speaks.
            accessibilityLayer={false}
          >
            <CartesianGrid stroke="var(--line)" vertical={false} />
            <XAxis
              dataKey="hour"
              tickFormatter={(hour: number) => hourLabel(hour, days, local)}
              stroke="var(--muted-fg)"
              tick={{ fill: "var(--muted-fg)" }}
              minTickGap={24}
            />
            <YAxis
              allowDecimals={false}
              stroke="var(--muted-fg)"
              tick={{ fill: "var(--muted-fg)" }}
            />
            <Tooltip
              labelFormatter={(hour) => hourLabel(Number(hour), true, local)}
              contentStyle={{
                background: "var(--surface)",
                borderColor: "var(--line)",
                color: "var(--fg)",
              }}
              cursor={{ fill: "var(--surface-2)" }}
            />
            {series.map((s) => (
              <Bar key={s.key} dataKey={s.key} name={s.label} stackId="a" fill={s.color} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <ul className="m-0 mt-2 flex list-none flex-wrap gap-3 p-0 text-sm" aria-hidden="true">
        {series.map((s) => (
          <li key={s.key} className="flex items-center gap-1">
            <span className="inline-block size-3 rounded-sm" style={{ background: s.color }} />
            {s.label}
          </li>
        ))}
      </ul>
      {/* sr-only on a wrapper: a table is never narrower than its content, even at 1px. */}
      <div className="sr-only">
        <table>
          <caption>{title} (hours with none left out)</caption>
          <thead>
            <tr>
              <th scope="col">Hour</th>
              {series.map((s) => (
                <th key={s.key} scope="col">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.length === 0 ? (
              <tr>
                <td colSpan={series.length + 1}>None in this period</td>
              </tr>
            ) : (
              shown.map((row) => (
                <tr key={row.hour}>
                  <th scope="row">{hourLabel(row.hour, true, local)}</th>
                  {series.map((s) => (
                    <td key={s.key}>{row[s.key] ?? 0}</td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
