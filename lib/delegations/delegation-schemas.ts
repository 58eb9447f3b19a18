// Browser-safe: the "Away / delegation" form and its server actions validate with the same schemas.
// The browser turns the picked days into instants in the person's own time zone (start of the first
// day, end of the last), so the server only ever sees ISO instants.
import { z } from "zod";

const ZInstant = z.coerce.date({ error: "Pick a date" }).refine((date) => !Number.isNaN(date.getTime()), "Pick a date");

export const ZCreateDelegation = z
  .object({
    /** Whose tasks: yourself when absent; another person needs the ADMIN role. */
    fromUserId: z.uuid("Choose a person").optional(),
    toUserId: z.uuid("Choose a colleague"),
    startsAt: ZInstant,
    endsAt: ZInstant.nullable().default(null),
    note: z.string().trim().max(500, "At most 500 characters").default(""),
  })
  .refine((d) => !d.endsAt || d.endsAt > d.startsAt, { path: ["endsAt"], message: "The end must be after the start" });
export type TCreateDelegation = z.infer<typeof ZCreateDelegation>;

export const ZDelegationId = z.object({ delegationId: z.uuid("Not a delegation id") });

export type DelegationStatus = "active" | "upcoming" | "ended" | "revoked";
export type DelegationPerson = { id: string; name: string; email: string };
export type DelegationView = {
  id: string;
  from: DelegationPerson;
  to: DelegationPerson;
  startsAt: Date;
  endsAt: Date | null;
  note: string;
  createdAt: Date;
  revokedAt: Date | null;
  status: DelegationStatus;
};

/** The last moment a delegation covers: `endsAt` is exclusive (the start of the day after the last). */
export function lastCoveredInstant(endsAt: Date): Date {
  return new Date(endsAt.getTime() - 1);
}
