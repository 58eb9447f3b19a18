import { forbidden, redirect } from "next/navigation";
import { currentUser } from "../lib/auth/guard.server.ts";
import { homeSection } from "../lib/auth/roles.ts";

// "/" has no content of its own: it sends each user to the first section their roles open.
export default async function Home() {
  const user = await currentUser();
  if (!user) redirect("/signin");
  const section = homeSection(user.roles);
  if (!section) forbidden();
  redirect(`/${section}`);
}
