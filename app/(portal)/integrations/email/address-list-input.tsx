"use client";

import { type ClipboardEvent, type KeyboardEvent, useState } from "react";
import { FieldError } from "@/app/_components/field-error";
import { addToAddressList, MAX_ADDRESSES_PER_LIST } from "@/lib/core/addresses";

type Props = {
  /** Id of the text box; `${id}-error` and `${id}-hint` are derived from it. */
  id: string;
  label: string;
  addresses: string[];
  onChange: (addresses: string[]) => void;
  /** FormData name of the text box, so text typed but not added still reaches the server. */
  pendingName: string;
  /** The server's messages for this list. */
  errors?: string[];
  /** Called when the user edits the box, so the parent can retire the server's messages. */
  onEdit?: () => void;
  readOnly?: boolean;
  hint?: string;
  /** When a heading right above already says what the list is: keep the label for assistive tech only. */
  hideLabel?: boolean;
};

/**
 * An address list edited as chips. Typing a comma, semicolon, space or Enter, or pasting a
 * list, adds what was typed; refused text stays in the box with the reason. Text left in the
 * box is sent with the form (as `pendingName`) and the server validates it like the chips.
 * Every chip has its own Remove button, so the list works with a keyboard alone.
 */
export function AddressListInput({
  id,
  label,
  addresses,
  onChange,
  pendingName,
  errors,
  onEdit,
  readOnly,
  hint,
  hideLabel,
}: Props) {
  const [text, setText] = useState("");
  const [problems, setProblems] = useState<string[]>([]);
  const [announcement, setAnnouncement] = useState("");

  const commit = (raw: string, keep = "") => {
    if (raw.trim() === "") {
      setText(keep);
      setProblems([]);
      return;
    }
    const result = addToAddressList(addresses, raw);
    const added = result.addresses.length - addresses.length;
    if (added > 0) onChange(result.addresses);
    setProblems(result.errors.map((error) => error.message));
    setText([...result.rejected, keep].filter(Boolean).join(" "));
    setAnnouncement(
      added > 0 ? `Added ${added} ${added === 1 ? "address" : "addresses"} to ${label}.` : "",
    );
  };

  const onInput = (value: string) => {
    onEdit?.();
    // A separator typed at the end means "this address is complete".
    const match = /^(.*)[,;\s]([^,;\s]*)$/s.exec(value);
    if (match && match[1] !== undefined && match[1].trim() !== "") commit(match[1], match[2] ?? "");
    else setText(value);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "Enter") {
      // Enter adds the address instead of submitting the whole form.
      event.preventDefault();
      commit(text);
    }
  };

  // A text box drops the new lines of pasted text, gluing addresses together: split first.
  const onPaste = (event: ClipboardEvent<HTMLInputElement>) => {
    const pasted = event.clipboardData.getData("text");
    if (!/[,;\s]/.test(pasted.trim())) return;
    event.preventDefault();
    commit(`${text} ${pasted}`);
  };

  const remove = (address: string) => {
    onChange(addresses.filter((item) => item !== address));
    setAnnouncement(`Removed ${address} from ${label}.`);
  };

  const errorId = `${id}-error`;
  const problemId = `${id}-problems`;
  const hintId = `${id}-hint`;
  // The server repeats what the browser already said about text left in the box: say it once.
  const localProblems = problems.filter((problem) => !errors?.includes(problem));
  const hasErrors = Boolean(errors?.length) || localProblems.length > 0;
  const describedBy = [
    hint && !readOnly ? hintId : "",
    errors?.length ? errorId : "",
    localProblems.length ? problemId : "",
  ]
    .filter(Boolean)
    .join(" ");

  return (
    <div className="flex min-w-0 flex-col gap-1">
      {readOnly ? (
        <span className={hideLabel ? "sr-only" : "font-semibold"} id={`${id}-label`}>
          {label}
        </span>
      ) : (
        <label htmlFor={id} className={hideLabel ? "sr-only" : "font-semibold"}>
          {label}
        </label>
      )}
      {hint && !readOnly ? (
        <p id={hintId} className="m-0 text-sm text-muted-fg">
          {hint}
        </p>
      ) : null}
      <ul
        className="m-0 flex list-none flex-wrap gap-1.5 p-0"
        aria-label={`${label}: ${addresses.length} ${addresses.length === 1 ? "address" : "addresses"}`}
      >
        {addresses.map((address) => (
          <li
            key={address}
            className="inline-flex max-w-full items-center gap-1 rounded-full border border-primary/30 bg-primary-soft py-0.5 pr-1 pl-2.5 text-sm [overflow-wrap:anywhere]"
          >
            <span>{address}</span>
            {readOnly ? null : (
              <button
                type="button"
                className="inline-flex size-6 shrink-0 cursor-pointer items-center justify-center rounded-full text-muted-fg before:content-['×'] hover:bg-primary/20 hover:text-fg"
                aria-label={`Remove ${address}`}
                onClick={() => remove(address)}
              />
            )}
          </li>
        ))}
        {addresses.length === 0 ? <li className="text-muted-fg">No addresses</li> : null}
      </ul>
      {readOnly ? null : (
        <input
          id={id}
          name={pendingName}
          type="text"
          inputMode="email"
          autoComplete="off"
          spellCheck={false}
          placeholder="name@example.com, another@example.com"
          value={text}
          onChange={(event) => onInput(event.target.value)}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          aria-invalid={hasErrors}
          aria-describedby={describedBy || undefined}
          disabled={addresses.length >= MAX_ADDRESSES_PER_LIST && text === ""}
        />
      )}
      <FieldError id={problemId} errors={localProblems} />
      <FieldError id={errorId} errors={errors} />
      <p className="sr-only" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}
