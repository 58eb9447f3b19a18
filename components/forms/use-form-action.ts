"use client";

import { startTransition, useActionState, useEffect, useEffectEvent, useRef, useState, type FormEvent } from "react";
import type { ActionResult, FormAction } from "./action-result.ts";

/**
 * Runs a server action from a form with React 19's useActionState, after checking the input in the
 * browser with the same zod schema the action uses (instant messages, no round trip).
 * The submit is dispatched by hand so the browser does not reset the form when it fails.
 */
export function useFormAction(action: FormAction, validate: (formData: FormData) => ActionResult | null, onSuccess: () => void) {
  const [serverResult, dispatch, pending] = useActionState(action, null);
  const [clientResult, setClientResult] = useState<ActionResult | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const result = clientResult ?? serverResult;

  const succeeded = useEffectEvent(onSuccess);
  useEffect(() => {
    if (serverResult?.ok) succeeded();
  }, [serverResult]);

  // After a failure, move focus to the first field in error (or the message) so it is announced.
  useEffect(() => {
    if (!result || result.ok) return;
    const form = formRef.current;
    const target =
      form?.querySelector<HTMLElement>('input[aria-invalid="true"], fieldset[aria-invalid="true"] input') ??
      form?.querySelector<HTMLElement>('[role="alert"]');
    target?.focus();
  }, [result]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    const problem = validate(formData);
    setClientResult(problem);
    if (problem) return;
    startTransition(() => dispatch(formData));
  }

  return { result, pending, onSubmit, formRef };
}
