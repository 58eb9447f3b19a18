// A process running only the subscriber service against DATABASE_URL, as each worker does, with
// its pid in its worker id (SubscriberStatus.workerId): the crash test kills it by that pid, the
// MQTT benchmark runs the subscriber apart from its load generator.
import pg from "pg";
import pino from "pino";
import { engineIo } from "../engine/io.ts";
import { startSubscriberService } from "./service.ts";

const connectionString = process.env.DATABASE_URL ?? "";
const pool = new pg.Pool({ connectionString, max: 4 });
const log = pino({ level: process.env.LOG_LEVEL ?? "warn" });
await startSubscriberService({ io: engineIo(pool), connectionString, log, workerId: `subscriber-${process.pid}`, refreshMs: Number(process.env.SUBSCRIBER_REFRESH_MS ?? 200) });
