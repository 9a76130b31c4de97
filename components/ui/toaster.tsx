"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { Suspense, useEffect } from "react";
import { Toaster as Sonner, toast } from "sonner";
import { FLASH_COOKIE, parseFlash } from "@/lib/flash";

/** Shows the flash an action left before redirecting here (lib/server/flash.ts), once. */
function FlashToasts() {
  const pathname = usePathname();
  const search = useSearchParams().toString();
  useEffect(() => {
    const raw = document.cookie
      .split("; ")
      .find((cookie) => cookie.startsWith(`${FLASH_COOKIE}=`))
      ?.slice(FLASH_COOKIE.length + 1);
    if (raw === undefined) return;
    document.cookie = `${FLASH_COOKIE}=; Max-Age=0; Path=/; SameSite=Lax`;
    let value: string;
    try {
      value = decodeURIComponent(raw);
    } catch {
      return;
    }
    const flash = parseFlash(value);
    if (flash?.kind === "success") toast.success(flash.message);
    else if (flash) toast.error(flash.message);
  }, [pathname, search]);
  return null;
}

/**
 * The app's toasts (sonner): a polite live region, named "Notifications",
 * that Alt+T focuses. Every mutation answers here (components/ui/toast-result.ts
 * for an action's answer, lib/server/flash.ts across a redirect).
 */
export function Toaster() {
  return (
    <>
      <Sonner position="bottom-right" closeButton duration={6000} containerAriaLabel="Notifications" />
      <Suspense fallback={null}>
        <FlashToasts />
      </Suspense>
    </>
  );
}
