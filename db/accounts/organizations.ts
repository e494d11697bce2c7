import { randomUUID } from "node:crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import { type Executor, first } from "@/db/client";
import { nowMs } from "@/db/dialect";
import { organizations } from "@/db/schema";

export async function listOrganizations(db: Executor, accountId: string) {
  return await db
    .select()
    .from(organizations)
    .where(eq(organizations.accountId, accountId))
    .orderBy(asc(organizations.name));
}

/**
 * The account's organization with the platform's id: created the first time it is seen,
 * renamed when the platform sends a new name, so admins can give it rules in the portal.
 */
export async function upsertOrganization(
  db: Executor,
  accountId: string,
  externalId: string,
  name: string,
) {
  return (
    (await first(
      db
        .insert(organizations)
        .values({ id: randomUUID(), accountId, externalId, name })
        .onConflictDoUpdate({
          target: [organizations.accountId, organizations.externalId],
          set: { name, updatedAt: nowMs },
          setWhere: sql`${organizations.name} <> excluded.name`,
        })
        .returning(),
    )) ??
    (await first(
      db
        .select()
        .from(organizations)
        .where(
          and(eq(organizations.accountId, accountId), eq(organizations.externalId, externalId)),
        )
        .limit(1),
    ))!
  );
}
