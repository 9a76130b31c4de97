const TONES = {
  alert: "border-red-200 bg-red-50 text-red-800",
  status: "border-emerald-200 bg-emerald-50 text-emerald-800",
};

/** The form-level outcome, announced to screen readers when it appears; nothing when there is none. */
export function FormMessage({
  error,
  success,
  className = "",
}: {
  error?: string;
  success?: string;
  className?: string;
}) {
  const text = error || success;
  if (!text) return null;
  const role = error ? "alert" : "status";
  return (
    <div role={role} className={`rounded-md border px-3 py-2 text-sm ${TONES[role]} ${className}`}>
      {text}
    </div>
  );
}
