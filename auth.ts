import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { authConfig } from "./auth.config";
import { db } from "./lib/db";
import { isDomainError } from "./lib/domain/errors";
import { getSessionUser, verifyCredentials } from "./lib/domain/users";
import { clientAddressFrom } from "./lib/server/client-address";
import { endSession, startSession } from "./lib/domain/sessions";
import { cookies, headers } from "next/headers";
import { DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE, deviceCookieValue, readTrustedDevice } from "./lib/server/device-cookie";

// Carries the domain's reason (wrong credentials, or throttled until when) to the sign-in action.
export class SignInRefused extends CredentialsSignin {
  constructor(code: string) {
    super(code);
    this.code = code;
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  callbacks: {
    ...authConfig.callbacks,
    // A sign-in starts a session row, which the token names (`sid`). Any other
    // use of the token here (/api/auth/session) answers "no session" once that
    // row has ended, as the pages do (lib/server/session.ts).
    async jwt(params) {
      const token = authConfig.callbacks.jwt(params);
      if (params.user?.id) {
        const { id } = await startSession(db, params.user.id, { userAgent: await requestUserAgent() });
        return { ...token, sid: id };
      }
      const active =
        typeof token.sub === "string" &&
        typeof token.sid === "string" &&
        (await getSessionUser(db, token.sub, typeof token.sv === "number" ? token.sv : 0, token.sid));
      return active ? token : null;
    },
  },
  events: {
    // Every way of signing out (the pages' actions, POST /api/auth/signout) ends the session's row.
    async signOut(message) {
      const token = "token" in message ? message.token : null;
      if (typeof token?.sub === "string" && typeof token.sid === "string") await endSession(db, token.sub, token.sid);
    },
  },
  providers: [
    Credentials({
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, request) {
        try {
          const device = readTrustedDevice(request.headers.get("cookie"), credentials?.email);
          const user = await verifyCredentials(
            db,
            { email: credentials?.email, password: credentials?.password },
            clientAddressFrom(request.headers),
            device,
          );
          // This browser is now a trusted device of the account (see lib/server/device-cookie.ts).
          const value = deviceCookieValue(user.email, device);
          if (value) {
            (await cookies()).set(DEVICE_COOKIE, value, {
              httpOnly: true,
              sameSite: "lax",
              path: "/",
              secure: new URL(request.url).protocol === "https:",
              maxAge: DEVICE_COOKIE_MAX_AGE,
            });
          }
          return { id: user.id, sessionVersion: user.sessionVersion };
        } catch (error) {
          if (isDomainError(error) && error.code === "too_many_requests") {
            throw new SignInRefused(`throttled:${String(error.meta.retryAfterSeconds ?? 60)}`);
          }
          if (isDomainError(error)) throw new SignInRefused("credentials");
          throw error;
        }
      },
    }),
  ],
});

async function requestUserAgent(): Promise<string | null> {
  try {
    return (await headers()).get("user-agent");
  } catch {
    return null; // outside a request (scripts): no device to name
  }
}
