// Template text and templated JSON values, on the host side: splits "{{ expression }}" placeholders
// (the syntax templateProblem in nodes/fields.ts checks at publish) into items the sandbox evaluates
// in one call, and puts the answers back where they came from.
import { ScriptError } from "../engine/errors.ts";

/** One string to render: exactly one placeholder (keeps the value's type) or text with placeholders. */
export type TemplateItem = { w: string } | { p: string[] };

/** "a {{ x }} b" -> ["a ", " x ", " b"] (even indexes text, odd ones expressions); null without placeholders. */
export function splitTemplate(text: string): string[] | null {
  if (!text.includes("{{")) return null;
  const parts: string[] = [];
  let from = 0;
  for (;;) {
    const open = text.indexOf("{{", from);
    if (open === -1) break;
    const close = text.indexOf("}}", open + 2);
    const expression = close === -1 ? "" : text.slice(open + 2, close);
    if (close === -1 || expression.includes("{{")) {
      throw new ScriptError(`A "{{" placeholder is not closed with "}}" in: ${excerpt(text.slice(open))}`, { code: "script-error" });
    }
    if (expression.trim() === "") throw new ScriptError(`A "{{ }}" placeholder is empty in: ${excerpt(text)}`, { code: "script-error" });
    parts.push(text.slice(from, open), expression);
    from = close + 2;
  }
  parts.push(text.slice(from));
  return parts;
}

/** The item for a string, or null when it holds no placeholder. */
export function templateItem(text: string): TemplateItem | null {
  const parts = splitTemplate(text);
  if (!parts) return null;
  if (parts.length === 3 && parts[0] === "" && parts[2] === "") return { w: parts[1] as string };
  return { p: parts };
}

/** The placeholder as the analyst wrote it, for messages. */
export function placeholderText(expression: string): string {
  return `{{${expression}}}`;
}

export type CollectedTemplates = {
  items: TemplateItem[];
  /** Where each item sits in the value ("" for the value itself), for messages. */
  paths: string[];
  /** The value with each templated string replaced by its answer, in item order. */
  rebuild(answers: unknown[]): unknown;
};

/** Finds every templated string in a JSON value (depth first, in key order). */
export function collectTemplates(value: unknown): CollectedTemplates {
  const items: TemplateItem[] = [];
  const paths: string[] = [];
  const visit = (node: unknown, path: string): void => {
    if (typeof node === "string") {
      const item = templateItem(node);
      if (item) {
        items.push(item);
        paths.push(path);
      }
    } else if (Array.isArray(node)) {
      node.forEach((child, index) => visit(child, `${path}[${index}]`));
    } else if (isPlainObject(node)) {
      for (const [key, child] of Object.entries(node)) visit(child, joinPath(path, key));
    }
  };
  visit(value, "");
  return {
    items,
    paths,
    rebuild(answers) {
      let next = 0;
      const build = (node: unknown): unknown => {
        if (typeof node === "string") return node.includes("{{") ? answers[next++] : node;
        if (Array.isArray(node)) return node.map(build);
        if (isPlainObject(node)) return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, build(child)]));
        return node;
      };
      return build(value);
    },
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

function joinPath(path: string, key: string): string {
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return path === "" ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

function excerpt(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
