"use client";

import { RotateCw, TriangleExclamationPoint } from "lucide-react";
import Link from "next/link";
import { buttonClasses, Button } from "../../components/ui/button.tsx";
import { StatusPanel } from "../../components/ui/status-page.tsx";

// Unexpected failures only: the details stay in the server log, matched by the digest shown here.
export default function ErrorBoundary({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error && "digest" in error && typeof error.digest === "string" ? error.digest : null;
  return (
    <StatusPanel
      icon={TriangleExclamationPoint}
      title="Something went wrong"
      actions={
        <>
          <Button variant="primary" onClick={() => retry()}>
            <RotateCw aria-hidden="true" />
            Try again
          </Button>
          <Link href="/" className={buttonClasses("secondary")}>
            Go to your home page
          </Link>
        </>
      }
    >
      <p>This page could not be shown. Try again in a moment; if it keeps happening, tell your administrator.</p>
      {digest && <p className="mt-2 font-mono text-xs text-zinc-400">Reference {digest}</p>}
    </StatusPanel>
  );
}
