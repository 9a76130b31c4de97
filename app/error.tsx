"use client";

export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto max-w-xl px-4 py-24 text-center">
      <h1 className="text-3xl font-bold tracking-tight">Something went wrong</h1>
      <p className="mt-4 text-zinc-600">
        We could not load this page: the service may be temporarily unavailable. Try again in a moment; if it keeps
        happening, come back in a few minutes.
      </p>
      <button
        type="button"
        onClick={reset}
        className="mt-8 rounded-md bg-indigo-600 px-3.5 py-2 text-sm font-semibold text-white hover:bg-indigo-500"
      >
        Try again
      </button>
    </div>
  );
}
