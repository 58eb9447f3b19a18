import { describe, expect, it } from "vitest";
import { emptyDefinition, type TFlowDefinition } from "./definition.ts";
import { buildFlowFile, findJsonError, flowFileName, isSecretLikeKey, jsonSyntaxMessage, parseFlowFile, redactSecrets } from "./import-export.ts";
import { slugify } from "./flow-schemas.ts";
import { formatPath } from "./action-result.ts";

describe("JSON syntax errors point at the line and column", () => {
  it.each([
    ['{\n  "name": "x",\n  "nodes": [1, 2,]\n}', 3, 17, "trailing commas"],
    ['{\n  "a": 1\n  "b": 2\n}', 3, 3, 'expected "," or "}"'],
    ['{\n  "a": tru\n}', 2, 8, "expected a value"],
    ['{"a": "x\ny"}', 1, 9, "line break inside a string"],
    ['{"a": [1, 2', 1, 12, "end of the file"],
    ["{'a': 1}", 1, 2, "property name in double quotes"],
    ['{"a": 1} x', 1, 10, "after the end"],
    ['{"a": 01}', 1, 8, 'expected "," or "}"'],
  ])("%j -> line %i, column %i", (text, line, column, words) => {
    expect(() => JSON.parse(text)).toThrow();
    const message = jsonSyntaxMessage(text);
    expect(message).toContain(`line ${line}, column ${column}`);
    expect(message).toContain(words);
  });

  it("finds nothing wrong in valid JSON", () => {
    expect(findJsonError('{"a": [1, -2.5e3, true, null, "\\u00e9\\n"], "b": {}}')).toBeNull();
  });
});

describe("secrets never leave in an export", () => {
  it.each(["password", "clientSecret", "api_key", "apiKey", "accessToken", "Authorization", "private-key", "REFRESH_TOKEN"])("%s is secret-like", (key) => {
    expect(isSecretLikeKey(key)).toBe(true);
  });
  it.each(["connection", "model", "method", "script", "url", "headers", "domain"])("%s is not", (key) => {
    expect(isSecretLikeKey(key)).toBe(false);
  });

  it("drops secret-like keys from configs and samples, at any depth, and says where", () => {
    const definition: TFlowDefinition = {
      ...emptyDefinition(),
      nodes: [
        { id: "a", kind: "http-request", kindVersion: 1, position: { x: 0, y: 0 }, config: { url: "https://x", headers: { Authorization: "Bearer abc", Accept: "json" } } },
        { id: "b", kind: "map", kindVersion: 1, position: { x: 0, y: 0 }, config: { script: "return input" }, sample: { order: 1, auth: [{ token: "t" }] } },
      ],
    };
    const { definition: clean, redacted } = redactSecrets(definition);
    expect(redacted).toEqual(["definition.nodes[0].config.headers.Authorization", "definition.nodes[1].sample.auth[0].token"]);
    expect(clean.nodes[0]?.config).toEqual({ url: "https://x", headers: { Accept: "json" } });
    expect(clean.nodes[1]?.sample).toEqual({ order: 1, auth: [{}] });
    expect(JSON.stringify(clean)).not.toMatch(/Bearer|"t"/);
    // the input is left alone
    expect(definition.nodes[0]?.config.headers).toHaveProperty("Authorization");

    const file = buildFlowFile({ flow: { name: "X", slug: "x", description: "" }, definition, exportedAt: new Date(0) });
    expect(file.redacted).toEqual(redacted);
    expect(JSON.stringify(file)).not.toContain("Bearer abc");
  });
});

describe("reading a flow file", () => {
  const file = (definition: unknown) => JSON.stringify({ format: "millwright.flow", formatVersion: 1, flow: { name: "Parts", slug: "parts" }, definition }, null, 2);

  it("refuses what is not a flow file, saying why", () => {
    expect(parseFlowFile("[1]")).toMatchObject({ ok: false, message: expect.stringContaining("expected a JSON object") });
    expect(parseFlowFile('{"hello": 1}')).toMatchObject({ ok: false, message: expect.stringContaining('"format": "millwright.flow"') });
    expect(parseFlowFile('{"format": "n8n"}')).toMatchObject({ ok: false, fields: [{ path: "format" }] });
    expect(parseFlowFile('{"format": "millwright.flow", "formatVersion": 7, "definition": {}}')).toMatchObject({ ok: false, message: expect.stringContaining("newer Millwright") });
    expect(parseFlowFile(file({ ...emptyDefinition(), schemaVersion: 2 }))).toMatchObject({ ok: false, fields: [{ path: "definition.schemaVersion" }] });
  });

  it("locates shape errors exactly", () => {
    const definition = {
      ...emptyDefinition(),
      nodes: [
        { id: "a", kind: "map", kindVersion: 1, position: { x: 0, y: 0 }, config: {} },
        { id: "b c", kind: "map", kindVersion: 1, position: { x: "left", y: 0 }, config: [] },
      ],
    };
    const result = parseFlowFile(file(definition));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fields.map((f) => f.path).sort()).toEqual(["definition.nodes[1].config", "definition.nodes[1].id", "definition.nodes[1].position.x"]);
    expect(result.message).toMatch(/^The flow definition is malformed at definition\.nodes\[1\]\./);
  });

  it("refuses invalid JSON with its line and column", () => {
    const result = parseFlowFile('{\n  "format": "millwright.flow",\n  "formatVersion": 1,\n}');
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining("line 3, column 21") });
  });

  it("accepts a bare definition (as copied from the editor)", () => {
    expect(parseFlowFile(JSON.stringify(emptyDefinition()))).toMatchObject({ ok: true, meta: {} });
  });
});

describe("names", () => {
  it.each([
    ["Maintenance parts reservation", "maintenance-parts-reservation"],
    ["  Ström – Größe & Co. ", "strom-grosse-co"],
    ["!!!", "flow"],
    ["x".repeat(100), "x".repeat(60)],
  ])("slugify(%j) = %j", (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });

  it("formats paths the way analysts read them", () => {
    expect(formatPath(["definition", "nodes", 3, "config", "script"])).toBe("definition.nodes[3].config.script");
    expect(flowFileName("parts", 3)).toBe("parts-v3.millwright.json");
    expect(flowFileName("parts")).toBe("parts-draft.millwright.json");
  });
});
