// `./millwright seed`: demo users, environments, groups and a demo flow into DATABASE_URL.
import { createDb } from "../lib/db/client.ts";
import { seedDemo } from "../prisma/seed.ts";
import { defaultDatabaseUrl, loadDotEnv } from "./support/environment.ts";

loadDotEnv();
const db = createDb(defaultDatabaseUrl());
try {
  const { createdUsers } = await seedDemo(db);
  console.log(createdUsers.length ? `seeded users: ${createdUsers.join(", ")}` : "demo data already present");
} finally {
  await db.$disconnect();
}
