import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { authConfig } from "./auth.config";
import { db } from "./lib/db";
import { isDomainError } from "./lib/domain/errors";
import { verifyCredentials } from "./lib/domain/users";
import { clientAddressFrom } from "./lib/client-address";
import { cookies } from "next/headers";
import { DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE, deviceCookieValue, readTrustedDevice } from "./lib/device-cookie";

// Carries the domain's reason (wrong credentials, or throttled until when) to the sign-in action.
export class SignInRefused extends CredentialsSignin {
  constructor(code: string) {
    super(code);
    this.code = code;
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
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
          // This browser is now a trusted device of the account (see lib/device-cookie.ts).
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
