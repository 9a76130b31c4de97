// Runs only for paths with a percent sign (the matcher): every other request skips it.
import type { NextRequest } from "next/server";
import { isMalformedPath, malformedPathResponse } from "./lib/malformed-path";

export function proxy(request: NextRequest): Response | undefined {
  if (isMalformedPath(request.nextUrl.pathname)) return malformedPathResponse(request.nextUrl.pathname);
  return undefined;
}

export const config = { matcher: ["/:path(.*%.*)"] };
