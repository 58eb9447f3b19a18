// GET /api/odoo-meta/models?connection=odoo-main[&environment=dev][&refresh=1] -> the models of the
// connection's Odoo database ({ model, name }), for the Model picker of the Odoo nodes.
import { z } from "zod";
import { getDb } from "../../../../lib/db/client.ts";
import { findMetaConnection, listModels } from "../../../../lib/odoo-meta/odoo-meta.server.ts";
import { ZModelsQuery, type OdooModelsAnswer } from "../../../../lib/odoo-meta/meta.ts";
import { answer, parseQuery, requireDesigner } from "../query.server.ts";

export const dynamic = "force-dynamic";

const ZQuery = ZModelsQuery.extend({ refresh: z.enum(["1", "0"]).optional() });

export async function GET(request: Request): Promise<Response> {
  return answer(async (): Promise<OdooModelsAnswer> => {
    await requireDesigner();
    const query = parseQuery(request, ZQuery);
    const connection = await findMetaConnection(getDb(), query.connection, query.environment);
    const models = await listModels(connection, { refresh: query.refresh === "1" });
    return { connection: connection.name, environment: connection.environment, models };
  });
}
