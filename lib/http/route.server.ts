import { NextResponse } from "next/server";
import type { z } from "zod";
import { AppError, isAppError } from "../errors.ts";
import { logger } from "../log.ts";
import { randomUUID } from "node:crypto";

export type ErrorBody = { error: { code: string; message: string; fields?: { path: string; message: string }[]; eventId?: string } };

/** Maps any error to a JSON answer: AppErrors with their status and message, others as a generic 500 with an event id. */
export function errorResponse(error: unknown): NextResponse<ErrorBody> {
  if (isAppError(error)) {
    const fields = error.fields.length ? error.fields : undefined;
    const headers = error.code === "UNAVAILABLE" ? { "Retry-After": "5" } : undefined;
    return NextResponse.json({ error: { code: error.code, message: error.userMessage, fields } }, { status: error.status, headers });
  }
  const eventId = randomUUID();
  logger.error({ err: error, eventId }, "unexpected error in route handler");
  return NextResponse.json({ error: { code: "INTERNAL", message: "Something went wrong on our side.", eventId } }, { status: 500 });
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
