"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useRef } from "react";
import { toast } from "sonner";

/**
 * A one-time message carried by a query parameter after a redirect (e.g.
 * `?joined=1` after accepting an invitation): shown as a toast once, then the
 * parameter is dropped from the address so a reload or a shared link does not
 * repeat it. Mount it inside <Suspense> (it reads the search params).
 */
export function FlashToast({ param, message }: { param: string; message: string }) {
  const params = useSearchParams();
  const pathname = usePathname();
  const router = useRouter();
  const shown = useRef(false);
  const present = params.has(param);
  useEffect(() => {
    if (!present || shown.current) return;
    shown.current = true;
    toast.success(message, { id: `flash-${param}` });
    const rest = new URLSearchParams(params.toString());
    rest.delete(param);
    const query = rest.toString();
    router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
  }, [present, message, param, params, pathname, router]);
  return null;
}
