import "server-only";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { APIError, createAuthMiddleware, isAPIError } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { db } from "@/db/client";
import { databaseEngine } from "@/db/engine";
import { credentials, rateLimits, sessions, users, verifications } from "@/db/schema";
import { config } from "@/lib/config";
import { secureCookiesOverTls } from "@/lib/security/cookies";
import { authSecret } from "./secret";
import { signInBlocked, signInFailed, signInSucceeded } from "./sign-in-throttle";

const SIGN_IN = "/sign-in/email";

function emailOf(body: unknown): string | null {
  const email = (body as { email?: unknown } | undefined)?.email;
  return typeof email === "string" ? email : null;
}

/** HTTP sign-ins per client address and minute (SIGN_IN_LIMIT_PER_ADDRESS, default 60). */
function signInsPerAddress(): number {
  const value = Number(process.env.SIGN_IN_LIMIT_PER_ADDRESS);
  return Number.isInteger(value) && value > 0 ? value : 60;
}

export const auth = betterAuth({
  appName: "Beacon",
  database: drizzleAdapter(db, {
    provider: databaseEngine() === "postgres" ? "pg" : "sqlite",
    schema: {
      user: users,
      session: sessions,
      account: credentials,
      verification: verifications,
      rateLimit: rateLimits,
    },
  }),
  secret: authSecret(),
  // The portal must work on whatever host and port it is started on, so the base URL follows
  // the request unless BETTER_AUTH_URL pins it. That alone would trust every origin: the
  // HTTP boundary (app/api/auth/[...all]/route.ts) admits only the request's own origin,
  // BETTER_AUTH_URL and TRUSTED_ORIGINS, and only the endpoints the portal uses.
  baseURL: config().BETTER_AUTH_URL || { allowedHosts: ["*"], protocol: "auto" },
  // BETTER_AUTH_URL=https://… makes every cookie Secure; behind a TLS proxy (TRUST_PROXY=1
  // and X-Forwarded-Proto: https) the hook below adds Secure per request.
  advanced: { useSecureCookies: config().BETTER_AUTH_URL?.startsWith("https://") ?? false },
  emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 8 },
  session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
  // Per client address, in the database so that it holds across instances. The per-email
  // count of failed sign-ins (hooks below) is the one an attacker cannot dodge by address.
  rateLimit: {
    enabled: true,
    storage: "database",
    window: 60,
    max: 100,
    customRules: { [SIGN_IN]: { window: 60, max: signInsPerAddress() } },
  },
  hooks: {
    before: createAuthMiddleware(async (ctx) => {
      if (ctx.path !== SIGN_IN) return;
      const email = emailOf(ctx.body);
      if (!email) return;
      const blocked = await signInBlocked(db, email);
      if (!blocked.allowed) {
        throw new APIError(
          "TOO_MANY_REQUESTS",
          {
            message: "Too many failed sign-ins. Try again later.",
            code: "TOO_MANY_SIGN_IN_ATTEMPTS",
            retryAfter: blocked.retryAfterSeconds,
          },
          { "Retry-After": String(blocked.retryAfterSeconds) },
        );
      }
    }),
    after: createAuthMiddleware(async (ctx) => {
      secureCookiesOverTls(ctx.context.responseHeaders, ctx.headers);
      if (ctx.path !== SIGN_IN) return;
      const email = emailOf(ctx.body);
      if (!email) return;
      const returned = ctx.context.returned;
      if (isAPIError(returned)) {
        if (returned.statusCode === 401) await signInFailed(db, email);
      } else {
        await signInSucceeded(db, email);
      }
    }),
  },
  plugins: [nextCookies()],
});
