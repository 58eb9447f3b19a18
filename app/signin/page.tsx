import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentUser } from "../../lib/auth/guard.server.ts";
import { safeCallbackUrl } from "../../components/auth/callback-url.ts";
import { SignInForm } from "../../components/auth/sign-in-form.tsx";
import { Wordmark } from "../../components/ui/logo.tsx";

export const metadata: Metadata = { title: "Sign in" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  if (await currentUser()) redirect("/");
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  const error = typeof params.error === "string" ? params.error : undefined;

  return (
    <main className="relative flex min-h-dvh flex-col items-center justify-center overflow-hidden px-4 py-12">
      {/* A faint grid, like graph paper on a drawing board: the only decoration on the page. */}
      <div
        aria-hidden="true"
        className="pointer-events-none absolute inset-0 bg-[linear-gradient(to_right,rgb(228_228_231/0.55)_1px,transparent_1px),linear-gradient(to_bottom,rgb(228_228_231/0.55)_1px,transparent_1px)] bg-[size:32px_32px] [mask-image:radial-gradient(ellipse_at_center,black_20%,transparent_70%)]"
      />
      <div className="relative w-full max-w-[380px]">
        <div className="mb-8 flex justify-center">
          <Wordmark size="lg" />
        </div>
        <div className="rounded-xl border border-zinc-200 bg-white p-8 shadow-sm">
          <h1 className="text-lg font-semibold tracking-tight text-zinc-900">Sign in to your workspace</h1>
          <p className="mt-1 mb-6 text-sm text-zinc-500">Integration flows for your Odoo plant.</p>
          <SignInForm callbackUrl={callbackUrl} initialError={error} />
        </div>
        <p className="mt-6 text-center text-xs leading-5 text-zinc-500">
          No account yet? Ask an administrator of your Millwright workspace to invite you.
        </p>
      </div>
    </main>
  );
}
