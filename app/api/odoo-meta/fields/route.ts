// GET /api/odoo-meta/fields?connection=odoo-main&model=sale.order[&environment=dev][&refresh=1] ->
// the model's fields from fields_get (cached per connection; refresh=1 fetches them again).
import { getDb } from "../../../../lib/db/client.ts";
import { findMetaConnection, modelFields } from "../../../../lib/odoo-meta/odoo-meta.server.ts";
import { ZFieldsQuery, type OdooFieldsAnswer } from "../../../../lib/odoo-meta/meta.ts";
import { answer, parseQuery, requireDesigner } from "../query.server.ts";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  return answer(async (): Promise<OdooFieldsAnswer> => {
    await requireDesigner();
    const query = parseQuery(request, ZFieldsQuery);
    const db = getDb();
    const connection = await findMetaConnection(db, query.connection, query.environment);
    const { fields, fetchedAt } = await modelFields(db, connection, query.model, { refresh: query.refresh });
    return { connection: connection.name, environment: connection.environment, model: query.model, fetchedAt: fetchedAt.toISOString(), fields };
  });
}
