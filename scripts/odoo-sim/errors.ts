// The Odoo test server's exceptions: each carries Odoo's exception name (as `data.name` shows it),
// its message, its `arguments` and the HTTP status JSON-2 answers with (PROTOCOL.md 2.6, 5.3).
// The texts are Odoo's own, per version where they differ (recorded/odoo17.json, odoo19.json).

export type OdooVersion = 17 | 19;

export class OdooException extends Error {
  readonly odooName: string;
  readonly args: unknown[];
  readonly httpStatus: number;
  readonly headers: Record<string, string>;

  constructor(odooName: string, message: string, options: { args?: unknown[]; httpStatus?: number; headers?: Record<string, string> } = {}) {
    super(message);
    this.odooName = odooName;
    this.args = options.args ?? [message];
    this.httpStatus = options.httpStatus ?? 500;
    this.headers = options.headers ?? {};
  }
}

export const userError = (message: string) => new OdooException("odoo.exceptions.UserError", message, { httpStatus: 422 });
export const validationError = (message: string) => new OdooException("odoo.exceptions.ValidationError", message, { httpStatus: 422 });
export const accessError = (message: string) => new OdooException("odoo.exceptions.AccessError", message, { httpStatus: 403 });
export const accessDenied = (message = "Access Denied") => new OdooException("odoo.exceptions.AccessDenied", message, { httpStatus: 403 });
export const valueError = (message: string) => new OdooException("builtins.ValueError", message);
export const typeError = (message: string) => new OdooException("builtins.TypeError", message);

export function missingError(model: string, ids: number[], uid: number): OdooException {
  const tuple = ids.length === 1 ? `${ids[0]},` : ids.join(", ");
  return new OdooException("odoo.exceptions.MissingError", `Record does not exist or has been deleted.\n(Record: ${model}(${tuple}), User: ${uid})`, { httpStatus: 404 });
}

// werkzeug HTTP exceptions as JSON-2 serializes them: arguments are (description, code).
export function httpException(name: string, code: number, message: string, headers: Record<string, string> = {}): OdooException {
  return new OdooException(`werkzeug.exceptions.${name}`, message, { args: [message, code], httpStatus: code, headers });
}

export const serializationFailure = () =>
  new OdooException("psycopg2.errors.SerializationFailure", "could not serialize access due to concurrent update\n", { httpStatus: 500 });

const OPERATION_VERB: Record<string, string> = { read: "access", write: "modify", create: "create", unlink: "delete" };

// ir.model.access._make_access_error's text (PROTOCOL.md 2.6 b); the group label is per version.
export function aclError(version: OdooVersion, operation: "read" | "write" | "create" | "unlink", description: string, model: string, group17: string, group19: string): OdooException {
  const group = version === 17 ? group17 : group19;
  return accessError(
    `You are not allowed to ${OPERATION_VERB[operation]} '${description}' (${model}) records.\n\n` +
    `This operation is allowed for the following groups:\n\t- ${group}\n\n` +
    "Contact your administrator to request access if necessary.",
  );
}

// A NOT NULL violation turned into a ValidationError by `retrying()` (PROTOCOL.md 2.6 d).
export function requiredFieldError(version: OdooVersion, modelDescription: string, model: string, fieldString: string, field: string): OdooException {
  if (version === 17) {
    return validationError(
      "The operation cannot be completed:\n- Create/update: a mandatory field is not set.\n" +
      "- Delete: another model requires the record being deleted. If possible, archive it instead.\n\n" +
      `Model: ${modelDescription} (${model})\nField: ${fieldString} (${field})\n`,
    );
  }
  return validationError(
    `The operation cannot be completed: Missing required value for the field '${fieldString}' (${field}).\n` +
    `Model: '${modelDescription}' (${model})\n- create/update: a mandatory field is not set\n` +
    "- delete: another model requires the record being deleted, you can archive it instead\n",
  );
}
