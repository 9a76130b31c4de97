// The part of the Auth.js configuration that needs no database, shared by the
// proxy (route protection) and the full configuration in auth.ts.
import type { NextAuthConfig } from "next-auth";

// Pages under these prefixes need a signed-in user; the proxy sends everyone
// else to sign-in and back.
export const PROTECTED_PREFIXES = ["/account", "/orgs"];

export function isProtectedPath(pathname: string): boolean {
  return PROTECTED_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
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
    authorized({ auth, request }) {
      const { pathname, search } = request.nextUrl;
      if (!isProtectedPath(pathname) || auth?.user?.id) return true;
      // A relative callbackUrl: sign-in only follows paths on this site.
      const signIn = new URL("/sign-in", request.nextUrl);
      signIn.searchParams.set("callbackUrl", `${pathname}${search}`);
      return Response.redirect(signIn);
    },
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
