import "server-only";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { nextCookies } from "better-auth/next-js";
import { db } from "@/db/client";
import { credentials, sessions, users, verifications } from "@/db/schema";
import { config } from "@/lib/config";
import { authSecret } from "./secret";

export const auth = betterAuth({
  appName: "Beacon",
  database: drizzleAdapter(db, {
    provider: "sqlite",
    schema: { user: users, session: sessions, account: credentials, verification: verifications },
  }),
  secret: authSecret(),
  // The portal must work on whatever host and port it is started on: derive the base URL from
  // the request unless BETTER_AUTH_URL pins it (as it should behind a proxy).
  baseURL: config().BETTER_AUTH_URL || { allowedHosts: ["*"], protocol: "auto" },
  // Without a pinned https URL the portal may be served over plain http (localhost, a LAN
  // address), where Secure cookies would never come back; BETTER_AUTH_URL=https://… turns them on.
  advanced: { useSecureCookies: config().BETTER_AUTH_URL?.startsWith("https://") ?? false },
  emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 8 },
  session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
  rateLimit: { enabled: false },
  plugins: [nextCookies()],
});
