"use client";

import { useActionState } from "react";
import { TextField } from "@/app/_components/text-field";
import { Button } from "@/app/_components/ui/button";
import { initialActionState } from "@/lib/auth/action-state";
import { signIn } from "./actions";

export function SignInForm({ next }: { next: string }) {
  const [state, action, pending] = useActionState(signIn, initialActionState);
  const email = typeof state.values?.email === "string" ? state.values.email : "";
  return (
    <form action={action} className="mt-4 flex flex-col gap-4" noValidate>
      <input type="hidden" name="next" value={next} />
      <TextField
        id="email"
        label="Email"
        name="email"
        type="email"
        autoComplete="username"
        defaultValue={email}
        inputKey={`email-${state.at ?? 0}`}
        required
        errors={state.errors?.email}
      />
      <TextField
        id="password"
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        errors={state.errors?.password}
      />
      <div aria-live="polite" role="status">
        {!state.ok && state.message ? (
          <p className="m-0 rounded-md bg-danger-soft px-3 py-2 text-danger" role="alert">
            {state.message}
          </p>
        ) : null}
      </div>
      <Button type="submit" variant="primary" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
