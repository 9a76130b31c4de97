import "server-only";
import { redirect } from "next/navigation";
import { cache } from "react";
import { auth } from "@/auth";
import { safeCallbackUrl } from "./callback-url";
import { db } from "./db";
import { getUser, type UserDto } from "./domain/users";

export { safeCallbackUrl };

/** The signed-in user, loaded from the database once per request; null when signed out or deleted. */
export const getCurrentUser = cache(async (): Promise<UserDto | null> => {
  const session = await auth();
  const id = session?.user?.id;
  return id ? getUser(db, id) : null;
});

export async function requireUser(returnTo: string): Promise<UserDto> {
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(safeCallbackUrl(returnTo))}`);
  return user;
}
