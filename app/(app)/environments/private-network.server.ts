// The per-environment network policy for outbound HTTP: whether steps may call private, loopback
// and link-local addresses (runtime/http/address-policy.ts). Changed by an admin, audited in the
// same transaction. Workers read the setting per step (cached for a few seconds).
import { z } from "zod";
import { appendAudit } from "../../../lib/audit/audit.server.ts";
import type { SessionUser } from "../../../lib/auth/sign-in.server.ts";
import type { Db } from "../../../lib/db/client.ts";
import { AppError } from "../../../lib/errors.ts";

export const ZSetPrivateNetwork = z.object({
  environmentId: z.uuid("Choose an environment"),
  allow: z.boolean("Say whether to allow or refuse private addresses"),
});
export type TSetPrivateNetwork = z.output<typeof ZSetPrivateNetwork>;

export async function setPrivateNetwork(db: Db, actor: Pick<SessionUser, "id" | "email">, input: TSetPrivateNetwork): Promise<{ allowPrivateNetwork: boolean }> {
  return db.$transaction(async (tx) => {
    const environment = await tx.environment.findUnique({ where: { id: input.environmentId }, select: { id: true, key: true, allowPrivateNetwork: true } });
    if (!environment) throw new AppError("NOT_FOUND", "This environment does not exist (any more).");
    if (environment.allowPrivateNetwork === input.allow) return { allowPrivateNetwork: input.allow };
    await tx.environment.update({ where: { id: environment.id }, data: { allowPrivateNetwork: input.allow } });
    await appendAudit(tx, {
      actorId: actor.id,
      actorLabel: actor.email,
      action: "environment.private_network_changed",
      subjectType: "environment",
      subjectId: environment.id,
      before: { key: environment.key, allowPrivateNetwork: environment.allowPrivateNetwork },
      after: { key: environment.key, allowPrivateNetwork: input.allow },
    });
    return { allowPrivateNetwork: input.allow };
  });
}
