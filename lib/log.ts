import pino from "pino";

// Structured logs; callers add context with logger.child({ runId, stepId, attempt }).
export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  base: { service: process.env.MILLWRIGHT_SERVICE ?? "web" },
  redact: { paths: ["password", "*.password", "secret", "*.secret", "token", "*.token"], remove: true },
});
