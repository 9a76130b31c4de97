import type { Metadata } from "next";
import { requireUser } from "@/lib/session";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage() {
  const user = await requireUser("/account");
  const joined = new Intl.DateTimeFormat("en", { dateStyle: "long", timeZone: "UTC" }).format(user.createdAt);
  return (
    <div className="mx-auto max-w-3xl px-4 py-12 sm:px-6">
      <h1 className="text-2xl font-bold tracking-tight text-zinc-900">Your account</h1>
      <p className="mt-2 text-sm text-zinc-600">Signed in as {user.email}.</p>
      <dl className="mt-8 divide-y divide-zinc-200 rounded-xl bg-white shadow-sm ring-1 ring-zinc-200">
        <div className="grid grid-cols-3 gap-4 px-6 py-4">
          <dt className="text-sm font-medium text-zinc-500">Name</dt>
          <dd className="col-span-2 text-sm text-zinc-900">{user.name}</dd>
        </div>
        <div className="grid grid-cols-3 gap-4 px-6 py-4">
          <dt className="text-sm font-medium text-zinc-500">Email</dt>
          <dd className="col-span-2 text-sm text-zinc-900">{user.email}</dd>
        </div>
        <div className="grid grid-cols-3 gap-4 px-6 py-4">
          <dt className="text-sm font-medium text-zinc-500">Member since</dt>
          <dd className="col-span-2 text-sm text-zinc-900">{joined}</dd>
        </div>
      </dl>
    </div>
  );
}
