import Link from "next/link";
import type { ReactNode } from "react";

export function AuthCard({ title, subtitle, children }: { title: string; subtitle?: ReactNode; children: ReactNode }) {
  return (
    <div className="mx-auto w-full max-w-md px-4 py-12 sm:py-16">
      <div className="rounded-xl bg-white p-8 shadow-sm ring-1 ring-zinc-200">
        <h1 className="text-2xl font-bold tracking-tight text-zinc-900">{title}</h1>
        {subtitle && <div className="mt-2 text-sm text-zinc-600">{subtitle}</div>}
        <div className="mt-8">{children}</div>
      </div>
    </div>
  );
}

/** The line under an auth form that points the other way ("Already have an account? Sign in"). */
export function AuthFooterLink({
  question,
  href,
  children,
  className = "",
}: {
  question: string;
  href: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <p className={`text-center text-sm text-zinc-600 ${className}`.trim()}>
      {question}{" "}
      <Link href={href} className="font-semibold text-indigo-600 hover:text-indigo-500">
        {children}
      </Link>
    </p>
  );
}
