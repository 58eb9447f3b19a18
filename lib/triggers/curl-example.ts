// The ready-to-use request shown once after "Rotate secret": a shell snippet that signs (HMAC) or
// authorises (bearer) a request to the webhook with curl and openssl. Browser-safe.
import type { RotatedSecret } from "./panel-types.ts";

/** 'text' for a POSIX shell, whatever it contains. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'"'"'`)}'`;
}

export function curlExample(rotated: RotatedSecret, contentType = "application/json"): string {
  const lines = [`SECRET=${shellQuote(rotated.secret)}`, `BODY=${shellQuote(rotated.exampleBody)}`];
  const headers = [`-H ${shellQuote(`Content-Type: ${contentType}`)}`];
  if (rotated.auth === "hmac") {
    lines.push("TS=$(date +%s)");
    lines.push(`SIG=$(printf '%s.%s' "$TS" "$BODY" | openssl dgst -sha256 -hmac "$SECRET" -hex | sed 's/^.* //')`);
    headers.push(`-H "${rotated.timestampHeader}: $TS"`, `-H "${rotated.signatureHeader}: sha256=$SIG"`);
  } else {
    headers.push(`-H "Authorization: Bearer $SECRET"`);
  }
  if (rotated.idempotencyHeader) headers.push(`-H "${rotated.idempotencyHeader}: example-$(date +%s)"`);
  const curl = [`curl -sS -i -X ${rotated.method} ${shellQuote(rotated.url)}`, ...headers, `--data-binary "$BODY"`].join(" \\\n  ");
  return [...lines, curl].join("\n");
}
