"use client";

import { useEffect, useState } from "react";
import { TextField } from "@/app/_components/text-field";

/** The account's time zone, typed or picked from the zones this browser knows. */
export function TimeZoneField({
  value,
  errors,
  readOnly,
  onChange,
}: {
  value: string;
  errors?: string[];
  readOnly: boolean;
  onChange: (timeZone: string) => void;
}) {
  // Read after mounting: the server's list of zones may differ from the browser's.
  const [zones, setZones] = useState<string[]>([]);
  useEffect(() => setZones(Intl.supportedValuesOf("timeZone")), []);
  return (
    <>
      <TextField
        id="time-zone"
        label="Account time zone"
        hint="An IANA name such as Europe/Berlin or America/New_York. Daily digests go out at their time of day here."
        value={value}
        list="time-zone-choices"
        autoComplete="off"
        spellCheck={false}
        readOnly={readOnly}
        errors={errors}
        onChange={(event) => onChange(event.target.value)}
      />
      <datalist id="time-zone-choices">
        {zones.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
    </>
  );
}
