import "server-only";
import { redirect } from "next/navigation";
import { cache } from "react";
import { auth } from "@/auth";
import { safeCallbackUrl } from "./callback-url";
import { db } from "./db";
import { getSessionUser, type UserDto } from "./domain/users";

export { safeCallbackUrl };

/**
 * The signed-in user, loaded from the database once per request; null when
 * signed out, deleted, or when the session's version is behind the account's
 * (signed out everywhere, password changed or reset).
 */
export const getCurrentUser = cache(async (): Promise<UserDto | null> => {
  const session = await auth();
  const id = session?.user?.id;
  return id ? getSessionUser(db, id, session.sessionVersion ?? 0) : null;
});

export async function requireUser(returnTo: string): Promise<UserDto> {
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(safeCallbackUrl(returnTo))}`);
  return user;
}
