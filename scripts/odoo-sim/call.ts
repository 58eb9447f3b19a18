// Method resolution and argument binding of the Odoo test server, for both transports
// (PROTOCOL.md 2.3.2 for /jsonrpc execute_kw, 5.1 for JSON-2): private and unknown methods,
// @api.model vs record methods, positional args vs named kwargs, and the create return shape.
import { accessError, httpException, OdooException, typeError } from "./errors.ts";
import { create, fieldsGet, getModel, load, nameSearch, read, search, unlink, write, type Env, type ModelDef } from "./orm.ts";

type Params = { name: string; required?: boolean }[];
interface Resolved { model: boolean; params: Params; run: (env: Env, ids: number[], kwargs: Record<string, unknown>) => unknown }

function generic(env: Env, model: ModelDef, name: string): Resolved | undefined {
  const p = (...names: string[]): Params => names.map((n) => (n.endsWith("*") ? { name: n.slice(0, -1), required: true } : { name: n }));
  switch (name) {
    case "search": return { model: true, params: p("domain*", "offset", "limit", "order"), run: (e, _i, k) => search(e, model, k.domain, k) };
    case "search_read": return { model: true, params: p("domain", "fields", "offset", "limit", "order", "load"), run: (e, _i, k) => read(e, model, search(e, model, k.domain, k), k.fields, "load" in k ? k.load : "_classic_read") };
    case "search_count": return { model: true, params: p("domain*", "limit"), run: (e, _i, k) => { const ids = search(e, model, k.domain); return typeof k.limit === "number" ? Math.min(ids.length, k.limit) : ids.length; } };
    case "read": return { model: false, params: p("fields", "load"), run: (e, i, k) => read(e, model, i, k.fields, "load" in k ? k.load : "_classic_read") };
    case "create": return { model: true, params: p("vals_list*"), run: (e, _i, k) => create(e, model, Array.isArray(k.vals_list) ? (k.vals_list as Record<string, unknown>[]) : [k.vals_list as Record<string, unknown>]) };
    case "write": return { model: false, params: p("vals*"), run: (e, i, k) => write(e, model, i, k.vals as Record<string, unknown>) };
    case "unlink": return { model: false, params: [], run: (e, i) => unlink(e, model, i) };
    case "name_search": return { model: true, params: p("name", env.version === 17 ? "args" : "domain", "operator", "limit"), run: (e, _i, k) => nameSearch(e, model, k.name, env.version === 17 ? k.args : k.domain, k.operator, k.limit) };
    case "name_get": return env.version === 17 ? { model: false, params: [], run: (e, i) => read(e, model, i, ["display_name"]).map((r) => [r.id, r.display_name]) } : undefined;
    case "fields_get": return { model: true, params: p("allfields", "attributes"), run: (e, _i, k) => fieldsGet(e, model, k.allfields, k.attributes) };
    case "default_get": return { model: true, params: p("fields_list*"), run: (e, _i, k) => defaultGet(e, model, k.fields_list) };
    case "load": return { model: true, params: p("fields*", "data*"), run: (e, _i, k) => load(e, model, k.fields, k.data) };
    case "exists": return { model: false, params: [], run: (e, i) => search(e, model, [["id", "in", i]], {}).filter((id) => i.includes(id)) };
    default: return undefined;
  }
}

function defaultGet(env: Env, model: ModelDef, fields: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of Array.isArray(fields) ? (fields as string[]) : []) {
    const field = model.fields[name];
    if (field?.default) out[name] = field.default(env);
  }
  return out;
}

// Steps 2 and 3 of PROTOCOL.md 2.3.2: model, then private names (both versions check them before
// existence), then existence. Messages per version; JSON-2 turns the unknown ones into 404s.
export function resolve(env: Env, modelName: string, method: string, json2: boolean): { model: ModelDef; method: Resolved } {
  let model: ModelDef;
  try {
    model = getModel(env, modelName);
  } catch (error) {
    if (json2) throw httpException("NotFound", 404, `the model '${modelName}' does not exist`);
    throw error;
  }
  if (method.startsWith("_") || method === "init") {
    throw accessError(env.version === 17 ? `Private methods (such as ${method}) cannot be called remotely.` : `Private methods (such as '${modelName}.${method}') cannot be called remotely.`);
  }
  const own = model.methods?.[method];
  const resolved: Resolved | undefined = own ? { model: Boolean(own.model), params: own.params ?? [], run: own.run } : generic(env, model, method);
  if (!resolved) {
    if (json2) throw httpException("NotFound", 404, `The method '${modelName}.${method}' does not exist`);
    throw new OdooException("builtins.AttributeError", env.version === 17 ? `The method '${method}' does not exist on the model '${modelName}'` : `The method '${modelName}.${method}' does not exist`);
  }
  return { model, method: resolved };
}

function toIds(value: unknown): number[] {
  if (typeof value === "number") return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === "number")) return value as number[];
  if (value === false || value === null || value === undefined) return [];
  throw typeError(`ids must be a list of integers, got ${JSON.stringify(value)}`);
}

// object.execute_kw: positional args (ids first for record methods) plus kwargs.
export function callJsonRpc(env: Env, modelName: string, methodName: string, args: unknown, kwargs: unknown): unknown {
  const { method } = resolve(env, modelName, methodName, false);
  const positional = Array.isArray(args) ? [...args] : [];
  const named: Record<string, unknown> = kwargs && typeof kwargs === "object" && !Array.isArray(kwargs) ? { ...(kwargs as Record<string, unknown>) } : {};
  const context = named.context;
  delete named.context;
  if (context && typeof context === "object") env.context = context as Record<string, unknown>;
  const label = `BaseModel.${methodName}()`;
  let ids: number[] = [];
  if (!method.model) {
    if (!positional.length) throw typeError(`${label} missing 1 required positional argument: 'self'`);
    ids = toIds(positional.shift());
  }
  if (positional.length > method.params.length) {
    throw typeError(`${label} takes ${method.params.length + 1} positional arguments but ${positional.length + 1} were given`);
  }
  const bound: Record<string, unknown> = {};
  positional.forEach((value, index) => { bound[(method.params[index] as { name: string }).name] = value; });
  for (const [key, value] of Object.entries(named)) {
    if (!method.params.some((p) => p.name === key)) throw typeError(`${label} got an unexpected keyword argument '${key}'`);
    if (key in bound) throw typeError(`${label} got multiple values for argument '${key}'`);
    bound[key] = value;
  }
  const missing = method.params.find((p) => p.required && !(p.name in bound));
  if (missing) throw typeError(`${label} missing 1 required positional argument: '${missing.name}'`);
  const result = method.run(env, ids, bound);
  // create: a dict gives the new id, a list of dicts a list of ids (PROTOCOL.md 2.3.2 step 5).
  if (methodName === "create" && !Array.isArray(bound.vals_list)) {
    return (result as number[])[0];
  }
  return result;
}

// JSON-2: every argument is named; `ids` and `context` are reserved body keys.
export function callJson2(env: Env, modelName: string, methodName: string, body: Record<string, unknown>): unknown {
  const { method } = resolve(env, modelName, methodName, true);
  const named = { ...body };
  const ids = toIds(named.ids);
  delete named.ids;
  const context = named.context;
  delete named.context;
  if (context && typeof context === "object") env.context = context as Record<string, unknown>;
  if (method.model && ids.length) throw httpException("UnprocessableEntity", 422, `cannot call ${modelName}.${methodName} with ids`);
  for (const key of Object.keys(named)) {
    if (!method.params.some((p) => p.name === key)) throw httpException("UnprocessableEntity", 422, `got an unexpected keyword argument '${key}'`);
  }
  const missing = method.params.find((p) => p.required && !(p.name in named));
  if (missing) throw httpException("UnprocessableEntity", 422, `missing a required argument: '${missing.name}'`);
  return method.run(env, ids, named);
}
