"use client";

import { CircleExclamationPoint, LoaderCircle } from "lucide-react";
import { signIn } from "next-auth/react";
import { useState, useTransition, type FormEvent } from "react";
import { Button } from "../ui/button.tsx";
import { safeCallbackUrl } from "./callback-url.ts";

const GENERIC_ERROR = "Sign-in is unavailable right now. Try again in a minute.";

// next-auth reports its own failures with codes; the credentials provider passes our message through.
function messageFor(error: string): string {
  if (error === "CredentialsSignin") return "That e-mail and password do not match an account.";
  if (/^[A-Z][A-Za-z]+$/.test(error)) return GENERIC_ERROR; // another next-auth code, e.g. "Callback"
  return error;
}

export function SignInForm({ callbackUrl, initialError }: { callbackUrl: string; initialError?: string }) {
  const [error, setError] = useState<string | null>(initialError ? messageFor(initialError) : null);
  const [pending, startTransition] = useTransition();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "");
    const password = String(form.get("password") ?? "");
    setError(null);
    startTransition(async () => {
      try {
        const result = await signIn("credentials", { redirect: false, email, password });
        if (!result || result.error || !result.ok) {
          setError(messageFor(result?.error ?? GENERIC_ERROR));
          return;
        }
        // A full navigation, so every server component renders with the new session cookie.
        window.location.assign(safeCallbackUrl(callbackUrl, window.location.origin));
        await new Promise(() => {}); // keep the button pending until the page unloads
      } catch {
        setError(GENERIC_ERROR);
      }
    });
  }

  return (
    <form onSubmit={onSubmit} className="space-y-5">
      {error && (
        <div id="signin-error" role="alert" className="flex gap-2.5 rounded-md bg-red-50 px-3 py-2.5 text-sm text-red-800 ring-1 ring-inset ring-red-200">
          <CircleExclamationPoint aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-red-600" />
          <p>{error}</p>
        </div>
      )}
      <div className="space-y-1.5">
        <label htmlFor="email" className="block text-sm font-medium text-zinc-800">
          E-mail
        </label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          required
          autoFocus
          spellCheck={false}
          className="block h-10 w-full rounded-md border-0 bg-white px-3 text-sm text-zinc-900 shadow-xs ring-1 ring-inset ring-zinc-300 placeholder:text-zinc-400 focus:ring-2 focus:ring-accent-500 focus:outline-none"
          placeholder="you@company.com"
        />
      </div>
      <div className="space-y-1.5">
        <label htmlFor="password" className="block text-sm font-medium text-zinc-800">
          Password
        </label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className="block h-10 w-full rounded-md border-0 bg-white px-3 text-sm text-zinc-900 shadow-xs ring-1 ring-inset ring-zinc-300 focus:ring-2 focus:ring-accent-500 focus:outline-none"
        />
      </div>
      <Button type="submit" variant="primary" className="h-10 w-full" disabled={pending} aria-disabled={pending}>
        {pending && <LoaderCircle aria-hidden="true" className="animate-spin" />}
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
