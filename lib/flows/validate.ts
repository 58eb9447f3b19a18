// The one flow validator (DESIGN.md "The flow definition"): the editor runs it as the analyst
// works, publish and import refuse what it calls an error, the engine trusts only what passed it.
// Browser-safe and linear in nodes + edges (500 nodes validate in a few milliseconds).
//
// It checks, in order: (a) the shape of the definition (ZFlowDefinition); (b) each node's kind and
// kindVersion, upgrading older configs with the kind's `migrate`; (c) each config against its kind's
// zod schema; (d) the graph: exactly one trigger, unique ids, edges between existing ports, nothing
// into a trigger, every node reachable from the trigger, required outputs connected, no loops,
// connections that exist; (e) warnings that never block publish.
//
// Every issue carries a stable `code` (ISSUE_CODES), a sentence an analyst understands, and where
// it sits: `nodeId`/`edgeId`, and `path` (inside the node's config for config issues, inside the
// definition for shape issues).
import { z } from "zod";
import { getNodeDefinition } from "../../nodes/registry.ts";
import type { AnyNodeDefinition, FieldMeta, PortSpec } from "../../nodes/types.ts";
import { ZFlowDefinition, type FlowIssue, type TFlowDefinition, type TFlowNode } from "./definition.ts";
import { adjacencyOf, findCycles, inputPorts, outputPortsOrNull, reachableFrom } from "./graph.ts";

export { inputPorts, outputPorts } from "./graph.ts";
export { freshNodeId, newNode } from "./new-node.ts";

/** Every code validateFlow emits, with its severity. The UI may key help texts on these. */
export const ISSUE_CODES = {
  "invalid-definition": "error",
  "unknown-kind": "error",
  "kind-version-newer": "error",
  "kind-version-unsupported": "error",
  "config-invalid": "error",
  "config-warning": "warning",
  "no-trigger": "error",
  "extra-trigger": "error",
  "duplicate-node-id": "error",
  "duplicate-edge-id": "error",
  "duplicate-note-id": "error",
  "edge-unknown-source": "error",
  "edge-unknown-target": "error",
  "edge-unknown-source-port": "error",
  "edge-unknown-target-port": "error",
  "edge-into-trigger": "error",
  "edge-duplicate": "warning",
  unreachable: "error",
  "port-unconnected": "error",
  cycle: "error",
  "connection-missing": "error",
  "approve-approved-unconnected": "warning",
  "branch-dead-end": "warning",
  "webhook-wait-no-end": "warning",
} as const satisfies Record<string, FlowIssue["severity"]>;

export type IssueCode = keyof typeof ISSUE_CODES;

export type ValidateOptions = {
  /** Connection names that exist in at least one environment; null/undefined skips the check. */
  connectionNames?: ReadonlySet<string> | null;
  /** Where kinds are looked up (the registry); tests pass their own. */
  getDefinition?: (kind: string) => AnyNodeDefinition | undefined;
};

export type ValidateResult = {
  /** The definition with defaults filled in and every config parsed (and migrated to the current
   *  kindVersion); null when there is any error. */
  definition: TFlowDefinition | null;
  issues: FlowIssue[];
};

type Path = (string | number)[];

function issue(code: IssueCode, message: string, where: { nodeId?: string; edgeId?: string; path?: Path } = {}): FlowIssue {
  return { severity: ISSUE_CODES[code], code, message, ...where };
}

export function validateFlow(definition: unknown, options: ValidateOptions = {}): ValidateResult {
  const lookup = options.getDefinition ?? getNodeDefinition;
  const issues: FlowIssue[] = [];

  // (a) Shape.
  const shape = ZFlowDefinition.safeParse(definition, { error: (raw) => friendlyMessage(raw, null, definition, shapeLabel) });
  if (!shape.success) {
    for (const zodIssue of shape.error.issues) issues.push(shapeIssue(zodIssue, definition));
    return { definition: null, issues };
  }
  const flow = shape.data;
  const named = (node: TFlowNode) => `"${nodeName(node, lookup)}"`;

  // (b) + (c) Kinds, versions, configs.
  const nodes: TFlowNode[] = [];
  const definitions = new Map<string, AnyNodeDefinition>();
  const parsedConfigs = new Map<string, unknown>();
  const nodeById = new Map<string, TFlowNode>();
  flow.nodes.forEach((node, index) => {
    // A repeated id is reported once; only the first node with an id takes part in the graph.
    const first = !nodeById.has(node.id);
    if (first) nodeById.set(node.id, node);
    else issues.push(issue("duplicate-node-id", `Two steps have the id "${node.id}"; ids must be unique`, { nodeId: node.id, path: ["nodes", index, "id"] }));
    const kindDefinition = lookup(node.kind);
    if (!kindDefinition) {
      issues.push(issue("unknown-kind", `${named(node)} is of an unknown type "${node.kind}"; remove it or replace it with a known step`, { nodeId: node.id }));
      nodes.push(node);
      return;
    }
    if (first) definitions.set(node.id, kindDefinition);
    let config: unknown = node.config;
    if (node.kindVersion > kindDefinition.kindVersion) {
      issues.push(
        issue(
          "kind-version-newer",
          `${named(node)} was made with a newer Millwright (${kindDefinition.label} version ${node.kindVersion}; this one knows up to ${kindDefinition.kindVersion})`,
          { nodeId: node.id },
        ),
      );
      nodes.push(node);
      return;
    }
    if (node.kindVersion < kindDefinition.kindVersion) {
      const migrated = migrateConfig(kindDefinition, node.config, node.kindVersion);
      if (!migrated.ok) {
        issues.push(issue("kind-version-unsupported", `${named(node)} uses an old ${kindDefinition.label} (version ${node.kindVersion}) that cannot be upgraded: ${migrated.reason}`, { nodeId: node.id }));
        nodes.push(node);
        return;
      }
      config = migrated.config;
    }
    const parsed = kindDefinition.config.safeParse(config, { error: (raw) => friendlyMessage(raw, kindDefinition.config, config, configLabel) });
    if (!parsed.success) {
      for (const zodIssue of parsed.error.issues) {
        issues.push(issue("config-invalid", zodIssue.message, { nodeId: node.id, path: zodIssue.path.map(pathKey) }));
      }
      nodes.push(node);
      return;
    }
    if (first) parsedConfigs.set(node.id, parsed.data);
    for (const warning of kindDefinition.warnings?.(parsed.data) ?? []) {
      issues.push(issue("config-warning", warning.message, { nodeId: node.id, path: warning.path }));
    }
    nodes.push({ ...node, kindVersion: kindDefinition.kindVersion, config: parsed.data as Record<string, unknown> });
  });

  // Sticky notes share the canvas with steps, so their ids must not collide with anything.
  const noteIds = new Set<string>();
  flow.notes.forEach((note, index) => {
    if (noteIds.has(note.id) || nodeById.has(note.id))
      issues.push(issue("duplicate-note-id", `A sticky note has the id "${note.id}", which is already taken`, { path: ["notes", index, "id"] }));
    noteIds.add(note.id);
  });

  // (d) Graph.
  const firstOf = new Map<string, TFlowNode>();
  for (const node of nodes) if (!firstOf.has(node.id)) firstOf.set(node.id, node);
  const isTrigger = (id: string) => definitions.get(id)?.trigger === true;
  const outputsOf = new Map<string, PortSpec[] | null>();
  const portsOut = (id: string): PortSpec[] | null => {
    if (!outputsOf.has(id)) {
      const node = firstOf.get(id) as TFlowNode;
      const kindDefinition = definitions.get(id);
      let ports: PortSpec[] | null = null;
      if (kindDefinition && parsedConfigs.has(id)) ports = kindDefinition.outputs(parsedConfigs.get(id));
      // A config that did not parse: its raw ports are the best guess, unless it was written for
      // another version of the kind (then nothing is known about its ports).
      else if (kindDefinition && node.kindVersion === kindDefinition.kindVersion) ports = outputPortsOrNull(node, lookup);
      outputsOf.set(id, ports);
    }
    return outputsOf.get(id) as PortSpec[] | null;
  };

  const triggers = [...firstOf.values()].filter((node) => isTrigger(node.id));
  const trigger = triggers[0];
  if (!trigger) {
    issues.push(issue("no-trigger", "Add a trigger (webhook, schedule, manual, Odoo or MQTT) to start the flow"));
  }
  for (const extra of triggers.slice(1)) {
    issues.push(issue("extra-trigger", `A flow starts from exactly one trigger; ${named(extra)} is a second one. Remove it or make it a separate flow`, { nodeId: extra.id }));
  }

  const edgeIds = new Set<string>();
  const validEdges: TFlowDefinition["edges"] = [];
  const connectedPorts = new Map<string, Set<string>>();
  const seenLinks = new Set<string>();
  flow.edges.forEach((edge, index) => {
    if (edgeIds.has(edge.id)) issues.push(issue("duplicate-edge-id", `Two connections have the id "${edge.id}"; ids must be unique`, { edgeId: edge.id, path: ["edges", index, "id"] }));
    edgeIds.add(edge.id);
    const source = firstOf.get(edge.source);
    const target = firstOf.get(edge.target);
    if (!source) issues.push(issue("edge-unknown-source", `A connection starts at step "${edge.source}", which does not exist`, { edgeId: edge.id, path: ["edges", index, "source"] }));
    if (!target) issues.push(issue("edge-unknown-target", `A connection ends at step "${edge.target}", which does not exist`, { edgeId: edge.id, path: ["edges", index, "target"] }));
    if (!source || !target) return;
    // An edge into a trigger is never followed; one from an unknown port still counts for
    // reachability and loops (the analyst sees it drawn, and fixes the port).
    if (!isTrigger(target.id)) validEdges.push(edge);
    let sourcePortOk = true;
    let ok = true;
    const outs = portsOut(source.id);
    if (outs && !outs.some((port) => port.id === edge.sourcePort)) {
      ok = false;
      sourcePortOk = false;
      const hint = outs.length === 0 ? "it has no outputs" : `its outputs are ${outs.map((port) => `"${port.label}"`).join(", ")}`;
      issues.push(issue("edge-unknown-source-port", `${named(source)} has no output "${edge.sourcePort}" (${hint}); reconnect or delete this connection`, { edgeId: edge.id, nodeId: source.id }));
    }
    if (isTrigger(target.id)) {
      ok = false;
      issues.push(issue("edge-into-trigger", `Nothing can connect into the trigger ${named(target)}; a trigger only starts the flow`, { edgeId: edge.id, nodeId: target.id }));
    } else if (target.kindVersion === definitions.get(target.id)?.kindVersion && !inputPorts(target, lookup).some((port) => port.id === edge.targetPort)) {
      ok = false;
      issues.push(issue("edge-unknown-target-port", `${named(target)} has no input "${edge.targetPort}"; reconnect or delete this connection`, { edgeId: edge.id, nodeId: target.id }));
    }
    // The output is in use even if the far end is wrong: one problem, reported once.
    if (sourcePortOk) {
      let ports = connectedPorts.get(edge.source);
      if (!ports) connectedPorts.set(edge.source, (ports = new Set()));
      ports.add(edge.sourcePort);
    }
    if (!ok) return;
    const link = `${edge.source}\u0000${edge.sourcePort}\u0000${edge.target}\u0000${edge.targetPort}`;
    if (seenLinks.has(link)) {
      issues.push(issue("edge-duplicate", `${named(source)} is connected to ${named(target)} twice from the same output; delete one connection`, { edgeId: edge.id, nodeId: source.id }));
    }
    seenLinks.add(link);
  });

  const adjacency = adjacencyOf(firstOf.keys(), validEdges);
  const reachable = trigger ? reachableFrom(trigger.id, adjacency) : null;
  const extraTriggers = new Set(triggers.slice(1).map((node) => node.id));
  for (const node of firstOf.values()) {
    if (reachable && !reachable.has(node.id) && !extraTriggers.has(node.id)) {
      issues.push(issue("unreachable", `${named(node)} is not connected to the trigger, so it would never run`, { nodeId: node.id }));
    }
    if (extraTriggers.has(node.id)) continue;
    const connected = connectedPorts.get(node.id);
    for (const port of portsOut(node.id) ?? []) {
      if (port.required && !connected?.has(port.id)) {
        const message = isTrigger(node.id)
          ? `Connect the trigger ${named(node)} to the first step`
          : `Connect the "${port.label}" output of ${named(node)}`;
        issues.push(issue("port-unconnected", message, { nodeId: node.id }));
      }
    }
  }

  for (const cycle of findCycles(adjacency)) {
    const names = cycle.map((id) => named(firstOf.get(id) as TFlowNode));
    const loop = cycle.length === 1 ? `${names[0]} is connected to itself` : `${listWords(names)} form a loop`;
    for (const id of cycle) issues.push(issue("cycle", `${loop}; a flow cannot go back to an earlier step`, { nodeId: id }));
  }

  if (options.connectionNames) {
    for (const [id, config] of parsedConfigs) {
      const kindDefinition = definitions.get(id) as AnyNodeDefinition;
      for (const name of new Set(kindDefinition.connections?.(config) ?? [])) {
        if (!options.connectionNames.has(name)) {
          issues.push(
            issue("connection-missing", `Connection "${name}" does not exist in any environment; choose another or ask an administrator to create it`, {
              nodeId: id,
              path: findStringPath(config, "connection", name) ?? undefined,
            }),
          );
        }
      }
    }
  }

  // (e) Warnings.
  const endReachable = trigger && reachable ? [...reachable].some((id) => firstOf.get(id)?.kind === "end") : false;
  for (const node of firstOf.values()) {
    const connected = connectedPorts.get(node.id);
    if (node.kind === "approve" && parsedConfigs.has(node.id) && !connected?.has("approved")) {
      issues.push(issue("approve-approved-unconnected", `Nothing happens after ${named(node)} is approved; connect its "Approved" output`, { nodeId: node.id }));
    }
    if (node.kind === "branch" && parsedConfigs.has(node.id) && !connected) {
      issues.push(issue("branch-dead-end", `Nothing is connected to the outputs of ${named(node)}`, { nodeId: node.id }));
    }
    if (node.id === trigger?.id && node.kind === "webhook-trigger" && (parsedConfigs.get(node.id) as { responseMode?: string } | undefined)?.responseMode === "wait" && !endReachable) {
      issues.push(
        issue("webhook-wait-no-end", `${named(node)} waits for an End step to answer the caller, but no End step can be reached; callers will get 202 after the wait`, {
          nodeId: node.id,
          path: ["responseMode"],
        }),
      );
    }
  }

  const hasError = issues.some((item) => item.severity === "error");
  return { definition: hasError ? null : { ...flow, nodes }, issues };
}

// ---------------------------------------------------------------------------------------------

function nodeName(node: TFlowNode, lookup: (kind: string) => AnyNodeDefinition | undefined): string {
  return node.label?.trim() || lookup(node.kind)?.label || node.id;
}

function listWords(words: string[], conjunction = "and"): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} ${conjunction} ${words[words.length - 1]}`;
}

function pathKey(key: PropertyKey): string | number {
  return typeof key === "number" ? key : String(key);
}

function migrateConfig(definition: AnyNodeDefinition, config: unknown, fromVersion: number): { ok: true; config: unknown } | { ok: false; reason: string } {
  if (!definition.migrate) return { ok: false, reason: "this step type has no upgrade for it" };
  try {
    return { ok: true, config: definition.migrate(config, fromVersion) };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : "the upgrade failed" };
  }
}

/** Where `value` sits under a key named `key` (the first match, depth first), for highlighting. */
function findStringPath(value: unknown, key: string, expected: string, path: Path = []): Path | null {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findStringPath(value[i], key, expected, [...path, i]);
      if (found) return found;
    }
  } else if (value !== null && typeof value === "object") {
    for (const [name, item] of Object.entries(value)) {
      if (name === key && item === expected) return [...path, name];
      const found = findStringPath(item, key, expected, [...path, name]);
      if (found) return found;
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Messages an analyst understands. zod's own messages ("Invalid input: expected string, received
// undefined") are replaced through a per-parse error map; messages written into the schemas
// ("Script is required") take precedence over it, as zod resolves schema-level errors first.

type RawIssue = Parameters<z.core.$ZodErrorMap>[0];
type Labeller = (path: Path, schema: z.ZodType | null, input: unknown) => { label: string; meta?: FieldMeta };

function friendlyMessage(raw: RawIssue, schema: z.ZodType | null, input: unknown, labeller: Labeller): string | undefined {
  const path = (raw.path ?? []).map(pathKey);
  const { label, meta } = labeller(path, schema, input);
  const value = raw.input;
  switch (raw.code) {
    case "invalid_type": {
      if (value === undefined) return `${label} is required`;
      return `${label} must be ${describeType(raw.expected)}`;
    }
    case "too_small": {
      const minimum = Number(raw.minimum);
      if (raw.origin === "string") return minimum <= 1 ? `${label} is required` : `${label} must be at least ${minimum} characters`;
      if (raw.origin === "array" || raw.origin === "set") return minimum <= 1 ? `${label} needs at least one entry` : `${label} needs at least ${minimum} entries`;
      return raw.inclusive ? `${label} must be at least ${minimum}` : `${label} must be more than ${minimum}`;
    }
    case "too_big": {
      const maximum = Number(raw.maximum);
      if (raw.origin === "string") return `${label} must be at most ${maximum} characters`;
      if (raw.origin === "array" || raw.origin === "set") return `${label} holds at most ${maximum} entries`;
      return raw.inclusive ? `${label} must be at most ${maximum}` : `${label} must be less than ${maximum}`;
    }
    case "invalid_format":
      if (raw.format === "email") return `${label} must be an e-mail address`;
      if (raw.format === "url") return `${label} must be a URL`;
      return `${label} is not in the expected format`;
    case "not_multiple_of":
      return `${label} must be a multiple of ${String(raw.divisor)}`;
    case "invalid_value": {
      const labels = meta?.enumLabels;
      const options = raw.values.map((option) => (labels && String(option) in labels ? labels[String(option)] : JSON.stringify(option)));
      return options.length === 1 ? `${label} must be ${options[0]}` : `${label} must be one of: ${options.join(", ")}`;
    }
    case "invalid_union": {
      if ("discriminator" in raw && raw.discriminator && schema) {
        // The path ends at the discriminator ("operation"); name the choice and list its options
        // by their titles ("Search and read", "Create", ...).
        const union = schemaAt(schema, path.slice(0, -1), input);
        const title = union?.meta?.title ?? humanize(String(raw.discriminator));
        const options = union ? discriminatorOptions(union.schema, String(raw.discriminator)) : [];
        const chosen = value !== null && typeof value === "object" ? (value as Record<string, unknown>)[String(raw.discriminator)] : undefined;
        const shown = chosen === undefined ? "" : ` (${JSON.stringify(chosen)} is not one of them)`;
        return `${title}: choose ${listWords(options, "or")}${shown}`;
      }
      return `${label} is not valid`;
    }
    case "invalid_key":
      return `${label} has an invalid name`;
    case "invalid_element":
      return `${label} has an invalid entry`;
    case "unrecognized_keys":
      return `${label} has unknown settings: ${raw.keys.join(", ")}`;
    default:
      return `${label} is not valid`;
  }
}

function describeType(expected: string): string {
  switch (expected) {
    case "string":
      return "text";
    case "number":
    case "int":
      return expected === "int" ? "a whole number" : "a number";
    case "boolean":
      return "true or false";
    case "array":
      return "a list";
    case "object":
    case "record":
      return "an object";
    default:
      return `of type ${expected}`;
  }
}

/** "Case 2 of Cases: Label" style labels from the schema's titles along the path. */
function configLabel(path: Path, schema: z.ZodType | null, input: unknown): { label: string; meta?: FieldMeta } {
  if (!schema || path.length === 0) return { label: "The configuration" };
  const steps = metaAlong(schema, path, input);
  const last = steps[steps.length - 1];
  const lastKey = path[path.length - 1];
  let title = last?.meta?.title ?? (typeof lastKey === "string" ? humanize(lastKey) : undefined);
  // An entry of a list (tags): "Users entry 2".
  if (typeof lastKey === "number") {
    const list = steps[steps.length - 2]?.meta?.title ?? humanizeParent(path);
    title = title ?? `${list} entry ${lastKey + 1}`;
    return { label: title, meta: last?.meta };
  }
  // A field inside a list of objects: "Cases, row 2: Label".
  for (let i = path.length - 2; i >= 0; i--) {
    const key = path[i];
    if (typeof key === "number") {
      const list = steps[i - 1]?.meta?.title ?? humanizeParent(path.slice(0, i + 1));
      return { label: `${list}, row ${key + 1}: ${title}`, meta: last?.meta };
    }
  }
  return { label: title ?? "This field", meta: last?.meta };
}

function humanizeParent(path: Path): string {
  const key = path.length >= 2 ? path[path.length - 2] : undefined;
  return typeof key === "string" ? humanize(key) : "List";
}

function humanize(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/[_-]+/g, " ").trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "Step 3 (n3), position x" style labels for the definition's own shape. */
function shapeLabel(path: Path, _schema: z.ZodType | null, input: unknown): { label: string } {
  if (path.length === 0) return { label: "The flow definition" };
  const [section, index, ...rest] = path;
  const names: Record<string, string> = { nodes: "Step", edges: "Connection", notes: "Sticky note" };
  if (typeof section === "string" && section in names && typeof index === "number") {
    const item = elementAt(input, section, index);
    const id = item && typeof item === "object" && typeof (item as { id?: unknown }).id === "string" ? ` "${(item as { id: string }).id}"` : "";
    const where = `${names[section]} ${index + 1}${id}`;
    return { label: rest.length ? `${where}: ${rest.map((part) => (typeof part === "number" ? `#${part + 1}` : humanize(part).toLowerCase())).join(" ")}` : where };
  }
  return { label: path.map((part) => (typeof part === "number" ? `#${part + 1}` : humanize(part))).join(" ") };
}

function elementAt(input: unknown, section: string, index: number): unknown {
  if (!input || typeof input !== "object") return undefined;
  const list = (input as Record<string, unknown>)[section];
  return Array.isArray(list) ? list[index] : undefined;
}

function shapeIssue(zodIssue: z.core.$ZodIssue, input: unknown): FlowIssue {
  const path = zodIssue.path.map(pathKey);
  const where: { nodeId?: string; edgeId?: string; path: Path } = { path };
  const [section, index] = path;
  if ((section === "nodes" || section === "edges") && typeof index === "number") {
    const item = elementAt(input, section, index) as { id?: unknown } | undefined;
    if (typeof item?.id === "string" && item.id !== "") {
      if (section === "nodes") where.nodeId = item.id;
      else where.edgeId = item.id;
    }
  }
  // Messages written into the schema ("Use 1-64 letters, ...") get their location in front.
  const { label } = shapeLabel(path, null, input);
  const message = zodIssue.message.startsWith(label) ? zodIssue.message : `${label}: ${zodIssue.message}`;
  return issue("invalid-definition", message, where);
}

// Walking a zod schema along an issue path, collecting the form hints (`.meta()`) at each step.
// Uses zod 4's public `def` objects; anything unexpected simply ends the walk (labels fall back
// to the property name).

type AnySchema = { _zod: { def: Record<string, unknown> & { type: string } } };

function metaOf(schema: AnySchema): FieldMeta | undefined {
  return z.globalRegistry.get(schema as unknown as z.ZodType) as FieldMeta | undefined;
}

/** Unwraps optional/default/pipe/... keeping the outermost meta that has a title. */
function unwrap(schema: AnySchema): { schema: AnySchema; meta?: FieldMeta } {
  let current = schema;
  let meta: FieldMeta | undefined;
  for (let guard = 0; guard < 20; guard++) {
    const own = metaOf(current);
    if (own?.title && !meta?.title) meta = { ...own, ...meta, title: own.title };
    else if (own) meta = { ...own, ...meta };
    const def = current._zod.def;
    if (["optional", "nullable", "default", "prefault", "catch", "readonly", "nonoptional", "success"].includes(def.type)) current = def.innerType as AnySchema;
    else if (def.type === "pipe") current = def.in as AnySchema;
    else if (def.type === "lazy") current = (def.getter as () => AnySchema)();
    else break;
  }
  return { schema: current, meta };
}

/** The (unwrapped) schema at a path and its hints. */
function schemaAt(root: z.ZodType, path: Path, input: unknown): { schema: AnySchema; meta?: FieldMeta } | undefined {
  let current: { schema: AnySchema; meta?: FieldMeta } | undefined = unwrap(root as unknown as AnySchema);
  let value = input;
  for (const key of path) {
    if (!current) return undefined;
    const next = childSchema(current.schema, key, value);
    value = value !== null && typeof value === "object" ? (value as Record<string | number, unknown>)[key] : undefined;
    current = next ? unwrap(next) : undefined;
  }
  return current;
}

/** The titles (or values) of a discriminated union's options. */
function discriminatorOptions(union: AnySchema, discriminator: string): string[] {
  if (union._zod.def.type !== "union") return [];
  return (union._zod.def.options as AnySchema[]).flatMap((option) => {
    const object = unwrap(option).schema;
    if (object._zod.def.type !== "object") return [];
    const field = (object._zod.def.shape as Record<string, AnySchema>)[discriminator];
    if (!field) return [];
    const { schema, meta } = unwrap(field);
    const values = schema._zod.def.type === "literal" ? (schema._zod.def.values as unknown[]) : [];
    return meta?.title ? [meta.title] : values.map((item) => JSON.stringify(item));
  });
}

function metaAlong(root: z.ZodType, path: Path, input: unknown): ({ meta?: FieldMeta } | undefined)[] {
  const steps: ({ meta?: FieldMeta } | undefined)[] = [];
  let current: AnySchema | undefined = unwrap(root as unknown as AnySchema).schema;
  let value = input;
  for (const key of path) {
    if (!current) {
      steps.push(undefined);
      continue;
    }
    const next = childSchema(current, key, value);
    value = value !== null && typeof value === "object" ? (value as Record<string | number, unknown>)[key] : undefined;
    if (!next) {
      current = undefined;
      steps.push(undefined);
      continue;
    }
    const unwrapped = unwrap(next);
    steps.push({ meta: unwrapped.meta });
    current = unwrapped.schema;
  }
  return steps;
}

function childSchema(schema: AnySchema, key: string | number, value: unknown): AnySchema | undefined {
  const def = schema._zod.def;
  switch (def.type) {
    case "object":
      return typeof key === "string" ? (def.shape as Record<string, AnySchema>)[key] : undefined;
    case "array":
      return def.element as AnySchema;
    case "record":
      return def.valueType as AnySchema;
    case "tuple":
      return typeof key === "number" ? (def.items as AnySchema[])[key] : undefined;
    case "union": {
      const options = def.options as AnySchema[];
      const discriminator = def.discriminator as string | undefined;
      const chosen =
        discriminator && value !== null && typeof value === "object"
          ? options.find((option) => literalValues(unwrap(option).schema, discriminator).includes((value as Record<string, unknown>)[discriminator]))
          : undefined;
      for (const option of chosen ? [chosen] : options) {
        const child = childSchema(unwrap(option).schema, key, value);
        if (child) return child;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

function literalValues(schema: AnySchema, key: string): unknown[] {
  if (schema._zod.def.type !== "object") return [];
  const field = (schema._zod.def.shape as Record<string, AnySchema>)[key];
  if (!field) return [];
  const inner = unwrap(field).schema._zod.def;
  return inner.type === "literal" ? (inner.values as unknown[]) : [];
}
