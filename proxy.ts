// Route protection: protected pages redirect signed-out visitors to sign-in,
// which brings them back afterwards. Pages still load the user themselves.
import NextAuth from "next-auth";
import { authConfig } from "./auth.config";

const { auth } = NextAuth(authConfig);
export const proxy = auth;

export const config = {
  matcher: ["/account/:path*", "/orgs/:path*"],
};
