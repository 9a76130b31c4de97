// Which domains an organization can never claim: free mail providers (anyone
// can have an address there) and disposable ones. Both lists are maintained
// upstream and come from npm: `email-providers` (derhuerst/email-providers,
// the common and regional free providers) and `mailchecker` (FGRibreau's list
// of throwaway mail services). A subdomain of a listed domain is refused too.
import freeProviders from "email-providers";
import MailChecker from "mailchecker";

let free: Set<string> | null = null;

/** The domain and each parent it belongs to: a.b.example.com, b.example.com, example.com (not "com"). */
function selfAndParents(domain: string): string[] {
  const labels = domain.split(".");
  const names: string[] = [];
  for (let i = 0; i < labels.length - 1; i++) names.push(labels.slice(i).join("."));
  return names;
}

/** True for a free or disposable email provider's domain (or a subdomain of one). */
export function isCommonEmailDomain(domain: string): boolean {
  free ??= new Set(freeProviders.map((name) => name.toLowerCase()));
  const disposable = MailChecker.blacklist();
  return selfAndParents(domain.toLowerCase()).some((name) => free!.has(name) || disposable.has(name));
}
