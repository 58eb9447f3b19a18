// Where to go after signing in. Only a path on this site is accepted ("/runs?status=FAILED"),
// never another origin ("//evil.example", "https://evil.example", "/\\evil.example"), so the
// sign-in page cannot be used as an open redirect. Anything else falls back to "/".
export function safeCallbackUrl(raw: string | string[] | null | undefined, origin?: string): string {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value) return "/";
  let candidate = value.trim();
  // next-auth sometimes hands over an absolute URL to this same site; keep its path.
  if (origin && candidate.startsWith(origin + "/")) candidate = candidate.slice(origin.length);
  if (!candidate.startsWith("/") || candidate.startsWith("//") || candidate.includes("\\")) return "/";
  // Control characters (tabs, newlines) are dropped by URL parsers and can smuggle in "//".
  if ([...candidate].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)) return "/";
  try {
    const url = new URL(candidate, "http://millwright.invalid");
    if (url.origin !== "http://millwright.invalid") return "/";
    const path = url.pathname + url.search + url.hash;
    // Landing back on the sign-in page after signing in would look like a failed sign-in.
    if (url.pathname === "/signin") return "/";
    return path;
  } catch {
    return "/";
  }
}
