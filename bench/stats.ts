// Small statistics and reporting helpers shared by the benchmarks.
import { cpus, loadavg } from "node:os";

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

export const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 50);

export function ms(value: number): string {
  return `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
}

/** "2 CPUs, load 0.8 0.9 1.1": printed with every result. */
export function machineLoad(): string {
  return `${cpus().length} CPUs, load ${loadavg().map((l) => l.toFixed(1)).join(" ")}`;
}
