import Link from "next/link";

export default function NotFound() {
  return (
    <div className="mx-auto max-w-xl px-4 py-24 text-center">
      <p className="text-sm font-semibold text-indigo-600">404</p>
      <h1 className="mt-2 text-3xl font-bold tracking-tight">Page not found</h1>
      <p className="mt-4 text-zinc-600">The page you asked for does not exist, or you do not have access to it.</p>
      <Link href="/" className="mt-8 inline-block text-sm font-semibold text-indigo-600 hover:text-indigo-500">
        Back to the home page
      </Link>
    </div>
  );
}
