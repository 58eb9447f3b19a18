// The worker process: graphile-worker runs the tasks in runtime/tasks against the same database
// as the web app. Start any number of them; each announces itself through a heartbeat row.
import { EventEmitter } from "node:events";
import { Logger, run, type Runner, type WorkerEvents } from "graphile-worker";
import pg from "pg";
import { createDb, databaseUrl } from "../lib/db/client.ts";
import { logger as rootLogger } from "../lib/log.ts";
import { engineIo } from "./engine/io.ts";
import { closePublishClients } from "../nodes/mqtt-publish/client-pool.server.ts";
import { closeSharedHttpAgents } from "./http/client.ts";
import { sweepTimers } from "./engine/timers.ts";
import { startHeartbeat } from "./heartbeat.ts";
import { releaseOrphanedJobs } from "./recovery.ts";
import { getSandbox } from "./sandbox/index.ts";
import { startSubscriberService } from "./subscribers/service.ts";
import { createTaskList, crontab } from "./tasks/index.ts";

const logger = rootLogger.child({ service: "worker" });

// graphile-worker's own messages go through our structured logger instead of the console.
const graphileLogger = new Logger((scope) => {
  const scoped = logger.child({ graphile: scope });
  return (level, message, meta) => {
    const method = level === "error" ? "error" : level === "warning" ? "warn" : level === "debug" ? "debug" : "info";
    scoped[method](meta ?? {}, message);
  };
});

/** How often each worker moves due timers into the queue and frees jobs of crashed workers. */
const HOUSEKEEPING_MS = Number(process.env.WORKER_HOUSEKEEPING_MS ?? 5_000);

export async function startWorker(connectionString = databaseUrl()): Promise<{ runner: Runner; stop: () => Promise<void> }> {
  const concurrency = Number(process.env.WORKER_CONCURRENCY ?? 8);
  const pool = new pg.Pool({ connectionString, max: concurrency + 2 });
  // graphile-worker warns without both handlers (STACK.md trap 3); a dropped idle client is not fatal.
  pool.on("error", (err) => logger.warn({ error: err.message }, "idle database client error"));
  pool.on("connect", (client) => client.on("error", (err) => logger.warn({ error: err.message }, "database client error")));

  const io = engineIo(pool);
  const db = createDb(connectionString);
  const lockIds = new Set<string>();
  const events: WorkerEvents = new EventEmitter();
  events.on("pool:create", ({ workerPool }) => lockIds.add(workerPool.id));
  events.on("worker:create", ({ worker }) => lockIds.add(worker.workerId));
  const runner = await run({
    pgPool: pool,
    taskList: createTaskList({ io, db, sandbox: getSandbox(), log: logger }),
    crontab,
    concurrency,
    logger: graphileLogger,
    events,
    // Batch fetching: the pool locks up to this many ready jobs at once and hands them to its
    // workers, instead of one query per job (STACK.md trap 3). Their locks carry the pool's id,
    // which the heartbeat publishes, so a crash releases them too (runtime/recovery.ts).
    preset: { worker: { localQueue: { size: Number(process.env.WORKER_LOCAL_QUEUE ?? concurrency + 1) } } },
    noHandleSignals: true,
    pollInterval: 2_000,
  });
  const heartbeat = await startHeartbeat(pool, () => [...lockIds]);
  const housekeeping = setInterval(() => {
    sweepTimers(io).catch((err: unknown) => logger.warn({ err }, "timer sweep failed"));
    releaseOrphanedJobs(io)
      .then((ids) => ids.length > 0 && logger.warn({ lockIds: ids }, "released jobs held by a worker that stopped beating"))
      .catch((err: unknown) => logger.warn({ err }, "orphaned job recovery failed"));
  }, HOUSEKEEPING_MS);
  housekeeping.unref();
  // MQTT and AMQP triggers: this process holds some of the released subscriptions (runtime/subscribers).
  const subscribers = process.env.MILLWRIGHT_SUBSCRIBERS === "0" ? null : await startSubscriberService({ io, connectionString, log: logger, workerId: heartbeat.workerId });
  logger.info({ workerId: heartbeat.workerId, concurrency }, "worker started");

  return {
    runner,
    async stop() {
      clearInterval(housekeeping);
      await subscribers?.stop();
      await heartbeat.stop();
      await runner.stop();
      closeSharedHttpAgents();
      await closePublishClients();
      await db.$disconnect();
      await pool.end();
      logger.info({ workerId: heartbeat.workerId }, "worker stopped");
    },
  };
}

async function main(): Promise<void> {
  const worker = await startWorker();
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "worker stopping");
    worker.stop().then(() => process.exit(0), (err: unknown) => { logger.error({ err }, "worker stop failed"); process.exit(1); });
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  await worker.runner.promise;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err: unknown) => {
    logger.fatal({ err }, "worker crashed");
    process.exit(1);
  });
}
