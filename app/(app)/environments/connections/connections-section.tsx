// The Connections section of the Environments page: loads every environment's connections (never
// their secrets) and hands them with the admin-only actions to the client panel.
import { Section } from "../../../../components/ui/page-header.tsx";
import { ConnectionsPanel, type PanelEnvironment } from "../../../../components/connections/connections-panel.tsx";
import { listConnections } from "../../../../lib/connections/connections.server.ts";
import type { Db } from "../../../../lib/db/client.ts";
import { createConnectionAction, deleteConnectionAction, testConnectionAction, updateConnectionAction } from "./actions.ts";

type SectionEnvironment = { id: string; key: string; name: string; protected: boolean };

/** What the panel gets: per environment, its connections as the browser may see them. */
export async function loadConnectionsPanel(db: Db, environments: SectionEnvironment[]): Promise<PanelEnvironment[]> {
  const connections = await listConnections(db);
  return environments.map((environment) => ({ ...environment, connections: connections.filter((c) => c.environmentId === environment.id) }));
}

export async function ConnectionsSection({ db, environments }: { db: Db; environments: SectionEnvironment[] }) {
  const panel = await loadConnectionsPanel(db, environments);
  return (
    <Section
      title="Connections"
      labelId="environments-connections"
      description="The Odoo servers and APIs each environment's flows call, by name. Secrets are stored encrypted and never shown again: replace them to change them."
    >
      <ConnectionsPanel
        environments={panel}
        actions={{ create: createConnectionAction, update: updateConnectionAction, remove: deleteConnectionAction, test: testConnectionAction }}
      />
    </Section>
  );
}
