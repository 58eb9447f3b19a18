import { NextResponse } from "next/server";
import type { z } from "zod";
import { AppError, isAppError } from "../errors.ts";
import { logger } from "../log.ts";
import { randomUUID } from "node:crypto";

export type ErrorBody = { error: { code: string; message: string; fields?: { path: string; message: string }[]; eventId?: string } };

/** Maps any error to a JSON answer: AppErrors with their status and message, others as a generic 500 with an event id. */
export function errorResponse(error: unknown): NextResponse<ErrorBody> {
  if (isDatabaseUnavailable(error)) {
    logger.warn({ err: error }, "database unavailable");
    error = new AppError("UNAVAILABLE", "The service is temporarily unavailable (its database cannot be reached). Try again shortly.");
  }
  if (isAppError(error)) {
    const fields = error.fields.length ? error.fields : undefined;
    const headers = error.code === "UNAVAILABLE" ? { "Retry-After": "5" } : undefined;
    return NextResponse.json({ error: { code: error.code, message: error.userMessage, fields } }, { status: error.status, headers });
  }
  const eventId = randomUUID();
  logger.error({ err: error, eventId }, "unexpected error in route handler");
  return NextResponse.json({ error: { code: "INTERNAL", message: "Something went wrong on our side.", eventId } }, { status: 500 });
}

// Prisma's "cannot reach / timed out / no connection from the pool / could not start a transaction"
// codes, the pg driver adapter's error kinds, and socket or PostgreSQL connection errors (SQLSTATE
// class 08, shutdown 57P01-57P03, too many connections 53300), looked for along the cause chain.
const UNAVAILABLE_PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2028"]);
const UNAVAILABLE_ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections", "TlsConnectionError"]);
const UNAVAILABLE_SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENOTFOUND", "EAI_AGAIN", "EPIPE"]);

/** True when `error` says the database cannot be reached or is overloaded (answer 503, not 500). */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 5) return false;
  const { code, meta, cause, message } = error as { code?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: unknown } } }; cause?: unknown; message?: unknown };
  if (typeof code === "string" && (UNAVAILABLE_PRISMA_CODES.has(code) || UNAVAILABLE_SOCKET_CODES.has(code) || /^08|^57P0[123]$|^53300$/.test(code))) return true;
  const kind = meta?.driverAdapterError?.cause?.kind;
  if (typeof kind === "string" && UNAVAILABLE_ADAPTER_KINDS.has(kind)) return true;
  if (typeof message === "string" && /Can't reach database server|timeout exceeded when trying to connect|Connection terminated/.test(message)) return true;
  return isDatabaseUnavailable(cause, depth + 1);
}

/** Wraps a route handler so thrown errors become JSON answers. The handler still calls requireRole itself. */
export function route<A extends unknown[]>(handler: (...args: A) => Promise<Response>): (...args: A) => Promise<Response> {
  return async (...args: A) => {
    try {
      return await handler(...args);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** Parses a JSON body with a zod schema; bad input becomes a 400 listing each field and reason. */
export async function parseJson<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new AppError("VALIDATION", "The request body is not valid JSON.");
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => ({ path: issue.path.join(".") || "(body)", message: issue.message }));
    throw new AppError("VALIDATION", "Some fields are invalid.", fields);
  }
  return parsed.data;
}
