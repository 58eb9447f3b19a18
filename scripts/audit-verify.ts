// `./millwright audit-verify`: recomputes the audit trail's hash chain; exit code 1 if broken.
import { createDb } from "../lib/db/client.ts";
import { verifyAuditChain } from "../lib/audit/audit.server.ts";
import { defaultDatabaseUrl, loadDotEnv } from "./support/environment.ts";

loadDotEnv();
const db = createDb(defaultDatabaseUrl());
try {
  const report = await verifyAuditChain(db);
  if (report.ok) {
    console.log(`audit chain intact: ${report.events} event(s), last hash ${report.lastHash}`);
  } else {
    console.error(`audit chain BROKEN at event #${report.brokenAtSeq}: ${report.reason} (${report.events} event(s) verified before it)`);
    process.exitCode = 1;
  }
} finally {
  await db.$disconnect();
}
