// Child processes of the start and test commands: output prefixed per service, and everything
// stopped (TERM, then KILL after a grace period) so Ctrl-C leaves no process behind.
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { createInterface } from "node:readline";

export type Service = { name: string; child: ChildProcess; exited: Promise<number> };

export function startService(name: string, command: string, args: string[], options: SpawnOptions & { quiet?: boolean } = {}): Service {
  // Own process group: a terminal's Ctrl-C reaches only the supervising script, which then stops
  // the services in order (web and worker first, the database last).
  const child = spawn(command, args, { ...options, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on("line", (line) => {
      if (!options.quiet) process.stdout.write(`${`[${name}]`.padEnd(9)} ${formatLine(line)}\n`);
    });
  }
  const exited = new Promise<number>((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1))));
  return { name, child, exited };
}

export async function stopService(service: Service, graceMs = 8_000): Promise<void> {
  if (service.child.exitCode !== null || service.child.signalCode !== null) return;
  service.child.kill("SIGTERM");
  const timer = setTimeout(() => service.child.kill("SIGKILL"), graceMs);
  await service.exited;
  clearTimeout(timer);
}

// pino writes JSON lines; show them as "level message key=value" for a person at a terminal.
function formatLine(line: string): string {
  if (!line.startsWith("{")) return line;
  try {
    const { level, msg, time: _t, pid: _p, hostname: _h, service: _s, ...rest } = JSON.parse(line) as Record<string, unknown>;
    const levels: Record<number, string> = { 10: "trace", 20: "debug", 30: "info", 40: "warn", 50: "error", 60: "fatal" };
    const extra = Object.entries(rest).map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`).join(" ");
    return `${levels[Number(level)] ?? level} ${String(msg ?? "")}${extra ? ` ${extra}` : ""}`;
  } catch {
    return line;
  }
}

export async function waitForHttp(url: string, timeoutMs: number, isReady: (status: number) => boolean = (s) => s === 200): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (isReady(response.status)) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return false;
}
