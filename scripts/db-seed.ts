// `./millwright seed`: demo users, environments, groups and a demo flow into DATABASE_URL.
import { createDb } from "../lib/db/client.ts";
import { seedDemo } from "../prisma/seed.ts";
import { appSecrets, defaultDatabaseUrl, loadDotEnv } from "./support/environment.ts";

loadDotEnv();
appSecrets(); // the seed encrypts the demo webhook's secret with the installation's key
const db = createDb(defaultDatabaseUrl());
try {
  const { createdUsers } = await seedDemo(db);
  console.log(createdUsers.length ? `seeded users: ${createdUsers.join(", ")}` : "demo data already present");
} finally {
  await db.$disconnect();
}
