// The part of the Auth.js configuration that needs no database. Nothing
// before the pages reads the session (proxy.ts and the server preload set
// headers and limits only): each
// protected page loads the user itself (lib/server/session.ts requireUser) and sends
// signed-out visitors to sign-in and back, which saves decoding and
// re-issuing the session cookie twice per request.
import type { NextAuthConfig } from "next-auth";

declare module "next-auth" {
  interface Session {
    /** The user's session version when this session was issued; compared with the user row per request. */
    sessionVersion?: number;
  }
}

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
    // The token carries the user id, the session version it was issued under
    // and the id of its session row (`sid`), nothing else: name, email and
    // everything else are read from the database on each request, where the
    // session and version are checked (lib/server/session.ts). An "update" from the
    // client never changes them: only a fresh sign-in does (auth.ts starts
    // the session row and adds its id).
    jwt({ token, user }) {
      if (user?.id) {
        const sv = (user as { sessionVersion?: unknown }).sessionVersion;
        return { sub: user.id, sv: typeof sv === "number" ? sv : 0, iat: token.iat, exp: token.exp, jti: token.jti };
      }
      return { sub: token.sub, sv: token.sv, sid: token.sid, iat: token.iat, exp: token.exp, jti: token.jti };
    },
    session({ session, token }) {
      return {
        ...session,
        user: { id: token.sub ?? "" },
        sessionVersion: typeof token.sv === "number" ? token.sv : 0,
      } as typeof session;
    },
  },
} satisfies NextAuthConfig;
