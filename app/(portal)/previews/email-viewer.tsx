"use client";

import { useState } from "react";
import { EmailFrame, EmailText } from "@/app/_components/email-parts";
import { cn } from "@/app/_components/ui/cn";

type Width = "desktop" | "mobile";
type Scheme = "light" | "dark";

/** A pair of buttons of which one is pressed: the email's width, or its colour scheme. */
function Toggle<T extends string>({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: T;
  options: { value: T; label: string }[];
  onChange: (value: T) => void;
}) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: a toolbar-like group of toggle buttons, not a form's fieldset
    <div
      role="group"
      aria-label={label}
      className="inline-flex rounded-md border border-line p-0.5"
    >
      {options.map((option) => (
        <button
          key={option.value}
          type="button"
          aria-pressed={value === option.value}
          onClick={() => onChange(option.value)}
          className={cn(
            "cursor-pointer rounded px-2.5 py-1 text-sm font-medium text-muted-fg hover:text-fg",
            value === option.value && "bg-primary text-primary-fg hover:text-primary-fg",
          )}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}

/**
 * The email as a recipient sees it, at a desktop's or a phone's width, in light or as a
 * dark-mode client shows it; then its plain text. Beacon's emails declare themselves light,
 * so the dark view is what clients that invert light emails (Outlook, the Gmail app) do with
 * them: colours inverted, images left as they are.
 */
export function EmailViewer({
  html,
  text,
  subject,
}: {
  html: string;
  text: string;
  subject: string;
}) {
  const [width, setWidth] = useState<Width>("desktop");
  const [scheme, setScheme] = useState<Scheme>("light");
  return (
    <>
      <section aria-labelledby="html-heading">
        <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
          <h2 id="html-heading" className="m-0">
            HTML
          </h2>
          <div className="flex flex-wrap gap-2">
            <Toggle
              label="Width"
              value={width}
              onChange={setWidth}
              options={[
                { value: "desktop", label: "Desktop" },
                { value: "mobile", label: "Mobile" },
              ]}
            />
            <Toggle
              label="Colour scheme of the email"
              value={scheme}
              onChange={setScheme}
              options={[
                { value: "light", label: "Light" },
                { value: "dark", label: "Dark" },
              ]}
            />
          </div>
        </div>
        <div className="rounded-lg border border-line bg-surface-2 p-2 sm:p-3">
          <EmailFrame
            html={html}
            subject={subject}
            dark={scheme === "dark"}
            className={cn(
              "mx-auto min-h-[640px]",
              width === "mobile" ? "max-w-[375px]" : "max-w-full",
            )}
          />
        </div>
      </section>
      <section aria-labelledby="text-heading" className="mt-6">
        <h2 id="text-heading">Plain text</h2>
        <EmailText text={text} subject={subject} />
      </section>
    </>
  );
}
