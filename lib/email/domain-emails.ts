// The emails of verified domains: the 6-digit code that proves an address at
// the domain, the automatic invitation (once, when it is made), and the
// admins' note that people asked to join (batched: lib/domain/domains/requests.ts).
import { createElement } from "react";
import { APP_NAME, appUrl } from "./config";
import { renderEmail, type RenderedEmail } from "./render";
import { AccountNoticeEmail } from "./templates/account-notice-email";

export function domainCodeEmail(organizationName: string, domain: string, code: string): Promise<RenderedEmail> {
  return renderEmail(
    `${code} is your code to verify ${domain}`,
    createElement(AccountNoticeEmail, {
      preview: `Your verification code: ${code}`,
      heading: `Verify ${domain} for ${organizationName}`,
      lines: [
        `An admin of ${organizationName} on ${APP_NAME} is verifying that ${domain} belongs to the organization. Enter this code on the organization's Domains page:`,
        code,
        "The code works for 10 minutes, and 5 wrong tries end it. If you did not expect it, ignore this email: nothing changes without the code.",
      ],
    }),
  );
}

const invitationTemplates = new Map<string, Promise<RenderedEmail>>();

/** The automatic invitation's email: one per organization and domain, rendered once per process (a bounded number). */
export function domainInvitationEmail(organizationName: string, domain: string): Promise<RenderedEmail> {
  const key = JSON.stringify([organizationName, domain, appUrl()]);
  let rendered = invitationTemplates.get(key);
  if (!rendered) {
    rendered = renderEmail(
      `You're invited to join ${organizationName}`,
      createElement(AccountNoticeEmail, {
        preview: `${organizationName} invites everyone at ${domain}`,
        heading: `You're invited to join ${organizationName}`,
        lines: [
          `${organizationName} verified that ${domain} is its domain and invites everyone with a verified address there.`,
          `Accept or dismiss the invitation on your organizations page in ${APP_NAME}.`,
        ],
        link: { label: "See the invitation", url: `${appUrl()}/orgs` },
      }),
    );
    rendered.catch(() => invitationTemplates.delete(key));
    if (invitationTemplates.size >= 200) invitationTemplates.delete(invitationTemplates.keys().next().value!);
    invitationTemplates.set(key, rendered);
  }
  return rendered;
}

export function membershipRequestsEmail(
  organizationName: string,
  slug: string,
  waiting: number,
  names: string[],
): Promise<RenderedEmail> {
  const who = names.length ? ` (${names.join(", ")}${waiting > names.length ? ", …" : ""})` : "";
  return renderEmail(
    waiting === 1 ? `Someone asked to join ${organizationName}` : `${waiting} people asked to join ${organizationName}`,
    createElement(AccountNoticeEmail, {
      preview: `Requests to join ${organizationName}`,
      heading: `Requests to join ${organizationName}`,
      lines: [
        `${waiting === 1 ? "One person" : `${waiting} people`} with an address at your organization's verified domain asked to join${who}.`,
        "Accept or reject them from the Requests list on the Members page. Further requests are gathered into the next email.",
      ],
      link: { label: "Review the requests", url: `${appUrl()}/orgs/${slug}/settings/members#requests` },
    }),
  );
}
