import { describe, expect, it } from "vitest";
import { parseBody, readBody } from "./webhook-body.ts";
import { WebhookError } from "./webhook-error.ts";

async function failure(promise: Promise<unknown> | (() => unknown)): Promise<WebhookError> {
  try {
    await (typeof promise === "function" ? promise() : promise);
  } catch (error) {
    expect(error).toBeInstanceOf(WebhookError);
    return error as WebhookError;
  }
  throw new Error("expected a refusal");
}

function streamOf(chunks: number, size: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent++ >= chunks) controller.close();
      else controller.enqueue(new Uint8Array(size).fill(97));
    },
  });
}

describe("reading the body", () => {
  it("reads a body within the limit", async () => {
    const body = await readBody(new Request("http://x/", { method: "POST", body: "hello" }), 5);
    expect(body.toString()).toBe("hello");
  });

  it("refuses a declared Content-Length over the limit before reading", async () => {
    const request = new Request("http://x/", { method: "POST", body: "tiny", headers: { "content-length": "2000000" } });
    const error = await failure(readBody(request, 1024 * 1024));
    expect(error.status).toBe(413);
    expect(error.message).toContain("1048576 bytes");
  });

  it("counts while streaming when the length is not declared", async () => {
    const request = new Request("http://x/", { method: "POST", body: streamOf(100, 1024), duplex: "half" } as RequestInit);
    expect((await failure(readBody(request, 10 * 1024))).code).toBe("PAYLOAD_TOO_LARGE");
  });
});

describe("parsing the body", () => {
  it("parses JSON, form fields and text", () => {
    expect(parseBody(Buffer.from('{"a":[1,2]}'), "json")).toEqual({ a: [1, 2] });
    expect(parseBody(Buffer.from("a=1&b=2&b=3&c=x%20y"), "form")).toEqual({ a: "1", b: ["2", "3"], c: "x y" });
    expect(parseBody(Buffer.from("line 1\nline 2"), "text")).toBe("line 1\nline 2");
  });

  it("keeps a __proto__ form field as a plain field", () => {
    const fields = parseBody(Buffer.from("__proto__=x&a=1"), "form") as Record<string, unknown>;
    expect(Object.getPrototypeOf(fields)).toBe(Object.prototype);
    expect(Object.keys(fields)).toEqual(["__proto__", "a"]);
  });

  it("refuses malformed JSON with the parser's position", async () => {
    const error = await failure(() => parseBody(Buffer.from('{"a": 1,, }'), "json"));
    expect(error.status).toBe(400);
    expect(error.code).toBe("MALFORMED_BODY");
    expect(error.message).toMatch(/^The body is not valid JSON: .*position 8/);
    expect((await failure(() => parseBody(Buffer.from(""), "json"))).message).toMatch(/empty/);
    expect((await failure(() => parseBody(Buffer.from([0xff, 0xfe]), "text"))).message).toMatch(/UTF-8/);
  });
});
