// Human task benchmarks (issue 6): what 10,000 open approval tasks cost. Runs are accepted as a
// webhook would, a worker opens their tasks (webhook -> Approve), then the worker stops and we
// measure: graphile jobs and Timer rows held by the waiting runs, an approver's inbox page and
// count (the inbox's addressing condition over all open tasks), and decisions (lock, vote, close,
// queue the continuation) one after another. Usage:
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres node --no-node-snapshot bench/tasks-bench.ts [--tasks 10000] [--decisions 200]
import { parseArgs } from "node:util";
import { createDb } from "../lib/db/client.ts";
import { applyMigrations } from "../lib/db/migrate.ts";
import { addressedToSql, taskActors } from "../lib/tasks/access.server.ts";
import { decideTask } from "../lib/tasks/decide.server.ts";
import { startWorker } from "../runtime/worker.ts";
import { appSecrets, resolveDatabase } from "../scripts/support/environment.ts";
import { recreateDatabase, withDatabase } from "../test/databases.ts";
import { flowDefinition, flowNode, releaseFlow } from "../test/flow-fixtures.ts";
import { acceptMany } from "./accept-many.ts";
import { machineLoad, ms, percentile } from "./stats.ts";

const { values: args } = parseArgs({ options: { tasks: { type: "string", default: "10000" }, decisions: { type: "string", default: "200" } } });
const TASKS = Number(args.tasks);
const DECISIONS = Number(args.decisions);

const secrets = appSecrets();
const server = await resolveDatabase("bench-postgres", Number(process.env.MILLWRIGHT_BENCH_PG_PORT ?? 54331), "postgres", secrets.postgresPassword);
const databaseUrl = withDatabase(server.url, "millwright_bench_tasks");
await recreateDatabase(server.url, "millwright_bench_tasks");
await applyMigrations(databaseUrl);
const db = createDb(databaseUrl);
const sql = { query: <T>(text: string, params: unknown[] = []) => db.$queryRawUnsafe<T[]>(text, ...params) };


async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 200));
}

async function timed(times: number, work: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  return samples.sort((a, b) => a - b);
}

const flow = await releaseFlow(
  db,
  flowDefinition(
    [
      flowNode("trigger", "webhook-trigger"),
      flowNode("approve", "approve", { title: "Buy {{ input.body.qty }} x {{ input.body.part }}", assignees: { roles: ["APPROVER"] }, due: { after: "PT4H", onExpiry: "route" } }),
      flowNode("done", "end"),
    ],
    [["trigger", "approve"], ["approve", "done", "approved"], ["approve", "done", "rejected"], ["approve", "done", "expired"]],
  ),
);
console.log(`tasks bench: ${TASKS} open tasks, ${machineLoad()}`);
const worker = await startWorker(databaseUrl);
const started = performance.now();
await acceptMany(db, flow, TASKS, (i) => ({ qty: (i % 9) + 1, part: `P-${i}` }));
await until(async () => (await db.humanTask.count()) >= TASKS);
const openSeconds = (performance.now() - started) / 1000;
await worker.stop();

const [held] = await sql.query<{ jobs: number; timers: number; waiting: number }>(
  `SELECT (SELECT count(*)::int FROM graphile_worker._private_jobs) AS jobs, (SELECT count(*)::int FROM "Timer") AS timers,
          (SELECT count(*)::int FROM "Run" WHERE status = 'WAITING') AS waiting`,
);
console.log(`opened ${TASKS} tasks (accept + trigger + Approve) in ${openSeconds.toFixed(1)} s: ${(TASKS / openSeconds).toFixed(0)} tasks/s`);
console.log(`waiting runs ${held?.waiting}; graphile jobs held: ${held?.jobs}; Timer rows (4 h due times, outside the queue): ${held?.timers}`);

const approver = await db.user.findUniqueOrThrow({ where: { email: "approver@millwright.local" } });
const actors = await taskActors(sql, approver.id);
const params: unknown[] = [];
const addressed = addressedToSql("t", actors, params);
const page = await timed(50, () =>
  sql.query(`SELECT t.id, t.title, t."dueAt" FROM "HumanTask" t WHERE t.status = 'OPEN' AND ${addressed} ORDER BY t."dueAt" NULLS LAST, t."createdAt" LIMIT 50`, params),
);
const count = await timed(50, () => sql.query(`SELECT count(*)::int AS n FROM "HumanTask" t WHERE t.status = 'OPEN' AND ${addressed}`, params));
console.log(`inbox page of 50 (of ${TASKS}): p50 ${ms(percentile(page, 50))}, p90 ${ms(percentile(page, 90))}; count: p50 ${ms(percentile(count, 50))}, p90 ${ms(percentile(count, 90))}`);

const ids = (await db.humanTask.findMany({ take: DECISIONS, select: { id: true } })).map((task) => task.id);
let i = 0;
const person = { id: approver.id, email: approver.email, name: approver.name };
const decisions = await timed(DECISIONS, () => decideTask(db, person, { taskId: ids[i++] as string, decision: "approved" }));
console.log(`decision (lock, vote, close, audit, queue continuation): p50 ${ms(percentile(decisions, 50))}, p90 ${ms(percentile(decisions, 90))}, p99 ${ms(percentile(decisions, 99))}`);
const [queued] = await sql.query<{ jobs: number }>(`SELECT count(*)::int AS jobs FROM graphile_worker._private_jobs`);
console.log(`graphile jobs after ${DECISIONS} decisions: ${queued?.jobs} (one continuation each)`);

await db.$disconnect();
await server.stop();
