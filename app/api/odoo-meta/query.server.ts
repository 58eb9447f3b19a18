// Shared by the /api/odoo-meta routes: the role check, the query parsed with zod (bad input is a 400
// listing each parameter), and Odoo failures answered as 502 with the readable message.
import { NextResponse } from "next/server";
import type { z } from "zod";
import { requireRole } from "../../../lib/auth/guard.server.ts";
import { AppError } from "../../../lib/errors.ts";
import { errorResponse } from "../../../lib/http/route.server.ts";
import { OdooMetaError } from "../../../lib/odoo-meta/odoo-meta.server.ts";

/** Analysts design flows; admins too. */
export async function requireDesigner(): Promise<void> {
  await requireRole("ANALYST", "ADMIN");
}

export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.output<S> {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = schema.safeParse(params);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => ({ path: issue.path.join(".") || "(query)", message: issue.message }));
    throw new AppError("VALIDATION", fields[0]?.message ?? "Some parameters are invalid.", fields);
  }
  return parsed.data;
}

/** Runs a handler: Odoo's own failures become 502 with their message, the rest goes to errorResponse. */
export async function answer(work: () => Promise<unknown>): Promise<Response> {
  try {
    return NextResponse.json(await work(), { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (error instanceof OdooMetaError) return NextResponse.json({ error: { code: error.code, message: error.message } }, { status: 502 });
    return errorResponse(error);
  }
}
