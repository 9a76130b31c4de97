/** Whether an address is verified, as a small pill beside it. */
export function VerifiedBadge({ verified, className = "" }: { verified: boolean; className?: string }) {
  const tone = verified
    ? "bg-emerald-50 text-emerald-700 ring-emerald-200"
    : "bg-amber-50 text-amber-800 ring-amber-200";
  return (
    <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${tone} ${className}`.trim()}>
      {verified ? "Verified" : "Not verified"}
    </span>
  );
}
