"use client";

import * as ToastPrimitive from "@radix-ui/react-toast";
import { createContext, type ReactNode, useCallback, useContext, useState } from "react";
import { cn } from "./cn";

type Toast = { id: number; title: string; description?: string; tone: "ok" | "danger" | "info" };
type Notify = (toast: Omit<Toast, "id" | "tone"> & { tone?: Toast["tone"] }) => void;

const ToastContext = createContext<Notify | null>(null);

const TONES: Record<Toast["tone"], string> = {
  ok: "border-ok/40",
  danger: "border-danger/50",
  info: "border-line",
};

/**
 * Brief confirmations ("Copied", "Saved") in a corner, announced politely by Radix's live
 * region and dismissable with Escape or F8 then Tab. Not for errors a form must keep showing:
 * those stay beside their field.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const notify = useCallback<Notify>((toast) => {
    setToasts((all) => [...all, { id: Date.now() + Math.random(), tone: "info", ...toast }]);
  }, []);
  const remove = (id: number) => setToasts((all) => all.filter((t) => t.id !== id));
  return (
    <ToastContext.Provider value={notify}>
      <ToastPrimitive.Provider swipeDirection="right" duration={5000} label="Notification">
        {children}
        {toasts.map((toast) => (
          <ToastPrimitive.Root
            key={toast.id}
            onOpenChange={(open) => (open ? undefined : remove(toast.id))}
            className={cn(
              "flex items-start gap-3 rounded-lg border bg-surface p-3 text-fg shadow-lg",
              TONES[toast.tone],
            )}
          >
            <div className="min-w-0 flex-1">
              <ToastPrimitive.Title className="font-semibold">{toast.title}</ToastPrimitive.Title>
              {toast.description ? (
                <ToastPrimitive.Description className="text-sm text-muted-fg">
                  {toast.description}
                </ToastPrimitive.Description>
              ) : null}
            </div>
            <ToastPrimitive.Close
              aria-label="Dismiss"
              className="cursor-pointer rounded px-1 text-muted-fg hover:text-fg"
            >
              <span aria-hidden="true">×</span>
            </ToastPrimitive.Close>
          </ToastPrimitive.Root>
        ))}
        <ToastPrimitive.Viewport className="fixed right-0 bottom-0 z-50 m-0 flex w-full max-w-sm list-none flex-col gap-2 p-4 outline-none" />
      </ToastPrimitive.Provider>
    </ToastContext.Provider>
  );
}

/** `const notify = useToast(); notify({ title: "Copied" })`, under the portal's ToastProvider. */
export function useToast(): Notify {
  const notify = useContext(ToastContext);
  if (!notify)
    throw new Error("useToast needs a ToastProvider above it (the portal layout has one).");
  return notify;
}
