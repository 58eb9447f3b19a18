import { getDb } from "../../../../lib/db/client.ts";
import { readTaskRecord } from "../../../../lib/tasks/record.server.ts";
import type { TaskRecordRef } from "../../../../lib/tasks/types.ts";
import { OdooRecordCard } from "../../../../components/inbox/odoo-record.tsx";

/** Streams in after the task (inside Suspense): Odoo may be slow or away. */
export async function RecordSection({ recordRef, environmentId }: { recordRef: TaskRecordRef; environmentId: string | null }) {
  return <OdooRecordCard record={await readTaskRecord(getDb(), recordRef, environmentId)} />;
}
