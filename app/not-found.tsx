import { Compass } from "lucide-react";
import Link from "next/link";
import { buttonClasses } from "../components/ui/button.tsx";
import { StatusPanel } from "../components/ui/status-page.tsx";

export default function NotFound() {
  return (
    <main className="flex min-h-dvh items-center justify-center px-4">
      <StatusPanel
        icon={Compass}
        code="404"
        title="This page doesn't exist"
        actions={
          <Link href="/" className={buttonClasses("primary")}>
            Go to your home page
          </Link>
        }
      >
        <p>The link may be out of date, or the flow, run or task it pointed to has been removed.</p>
      </StatusPanel>
    </main>
  );
}
