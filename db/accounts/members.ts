import { randomUUID } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import type { Executor } from "@/db/client";
import { credentials, memberships, type Role, users } from "@/db/schema";

/** Adds a user who signs in with email and password, stored the way better-auth reads it. */
export async function addMember(
  db: Executor,
  accountId: string,
  member: { email: string; name: string; password: string; role: Role },
) {
  const id = randomUUID();
  const hash = await hashPassword(member.password);
  await db.transaction(async (tx) => {
    await tx
      .insert(users)
      .values({ id, email: member.email, name: member.name, emailVerified: true });
    await tx.insert(credentials).values({
      id: randomUUID(),
      accountId: id,
      providerId: "credential",
      userId: id,
      password: hash,
    });
    await tx.insert(memberships).values({ userId: id, accountId, role: member.role });
  });
  return id;
}
