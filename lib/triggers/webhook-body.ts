// Reading a webhook's body: bounded before anything is parsed (the declared Content-Length first,
// then a count while streaming, so a lying or absent length cannot make the server buffer more than
// the limit), then decoded per the trigger's bodyFormat. Errors are WebhookErrors (413, 400).
import { WebhookError } from "./webhook-error.ts";

/** The raw bytes of the body, refused with 413 past `maxBytes`. */
export async function readBody(request: Request, maxBytes: number): Promise<Buffer> {
  const tooLarge = () => new WebhookError("PAYLOAD_TOO_LARGE", `The body is larger than this trigger accepts (${maxBytes} bytes).`);
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > maxBytes) throw tooLarge();
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}

export type BodyFormat = "json" | "form" | "text";

/** The body as the flow sees it: parsed JSON, an object of form fields, or text. */
export function parseBody(raw: Buffer, format: BodyFormat): unknown {
  const text = decodeUtf8(raw);
  if (format === "text") return text;
  if (format === "form") return formFields(text);
  if (text.trim() === "") throw new WebhookError("MALFORMED_BODY", "The body is empty: this trigger expects a JSON document.");
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new WebhookError("MALFORMED_BODY", `The body is not valid JSON: ${reason}.`, { fields: [{ path: "(body)", message: reason }] });
  }
}

function decodeUtf8(raw: Buffer): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(raw);
  } catch {
    throw new WebhookError("MALFORMED_BODY", "The body is not valid UTF-8 text.");
  }
}

/** a=1&b=2&b=3 -> { a: "1", b: ["2", "3"] } (built with fromEntries, so a "__proto__" field is just a field). */
function formFields(text: string): Record<string, string | string[]> {
  const fields = new Map<string, string | string[]>();
  for (const [key, value] of new URLSearchParams(text)) {
    const existing = fields.get(key);
    fields.set(key, existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value]);
  }
  return Object.fromEntries(fields);
}
