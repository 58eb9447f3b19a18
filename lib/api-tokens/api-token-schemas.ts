// Browser-safe: the settings page and its server actions validate with the same schemas.
import { z } from "zod";

export const ZCreateApiToken = z.object({
  name: z.string().trim().min(1, "Name the token after where it is used").max(100, "At most 100 characters"),
});
export type TCreateApiToken = z.infer<typeof ZCreateApiToken>;

export const ZApiTokenId = z.object({ tokenId: z.uuid("Not a token id") });

/** What the settings page lists: never the token or its hash. */
export type ApiTokenView = { id: string; name: string; createdAt: Date; lastUsedAt: Date | null };

/** The answer to "create": the only time the token itself is shown. */
export type CreatedApiToken = ApiTokenView & { token: string };
