// The part of the Auth.js configuration that needs no database. There is no
// proxy: each protected page loads the user itself (lib/session.ts requireUser)
// and sends signed-out visitors to sign-in and back, which saves decoding and
// re-issuing the session cookie twice per request.
import type { NextAuthConfig } from "next-auth";

export const authConfig = {
  trustHost: true,
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: "/sign-in" },
  providers: [],
  logger: {
    // Failed sign-ins are expected traffic, not server errors worth a stack trace.
    error(error) {
      if ((error as { type?: string }).type === "CredentialsSignin") return;
      console.error("[auth]", error);
    },
  },
  callbacks: {
    // The token carries the user id and nothing else: name, email and
    // everything else are read from the database on each request.
    jwt({ token, user }) {
      if (user?.id) return { sub: user.id, iat: token.iat, exp: token.exp, jti: token.jti };
      return { sub: token.sub, iat: token.iat, exp: token.exp, jti: token.jti };
    },
    session({ session, token }) {
      return { ...session, user: { id: token.sub ?? "" } } as typeof session;
    },
  },
} satisfies NextAuthConfig;
