"use client";

import { type ReactNode, useRef, useState } from "react";
import { Button, type ButtonSize, type ButtonVariant } from "./ui/button";
import { Dialog, DialogActions, DialogClose, DialogContent, DialogTrigger } from "./ui/dialog";

/**
 * A submit button that asks first, in the portal's own dialog (window.confirm can't be
 * styled, names no consequence clearly and is blocked by some browsers). Confirming submits
 * the enclosing form through a hidden submitter carrying `formAction`, so the form's other
 * fields (a password asked for) go with it, exactly as a direct click would.
 */
export function ConfirmSubmit({
  label,
  title,
  description,
  confirmLabel = label,
  formAction,
  disabled,
  variant = "danger",
  size,
  ariaLabel,
}: {
  label: string;
  title: string;
  description: ReactNode;
  confirmLabel?: string;
  formAction: (formData: FormData) => void;
  disabled?: boolean;
  variant?: ButtonVariant;
  size?: ButtonSize;
  /** A fuller name than the label, where several such buttons share a page ("Remove x"). */
  ariaLabel?: string;
}) {
  const [open, setOpen] = useState(false);
  const submitter = useRef<HTMLButtonElement>(null);
  const confirm = () => {
    setOpen(false);
    submitter.current?.form?.requestSubmit(submitter.current);
  };
  return (
    <>
      <button ref={submitter} type="submit" hidden formAction={formAction} tabIndex={-1} />
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogTrigger asChild>
          <Button variant={variant} size={size} disabled={disabled} aria-label={ariaLabel}>
            {label}
          </Button>
        </DialogTrigger>
        <DialogContent title={title} description={description}>
          <DialogActions>
            <DialogClose asChild>
              <Button>Cancel</Button>
            </DialogClose>
            <Button variant={variant === "danger" ? "primary" : variant} onClick={confirm}>
              {confirmLabel}
            </Button>
          </DialogActions>
        </DialogContent>
      </Dialog>
    </>
  );
}
