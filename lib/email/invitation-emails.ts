// The invitation email. Rendering an email costs more than the rest of an
// invitation; an admin inviting people one after another gets the same email
// but for its link, so rendered templates (with a placeholder link) are kept,
// a bounded number, and each invitation's link is put in afterwards.
import { createElement } from "react";
import { appUrl } from "./config";
import { renderEmail, type RenderedEmail } from "./render";
import { InvitationEmail } from "./templates/invitation-email";

export function invitationUrl(token: string): string {
  return `${appUrl()}/invitations/${token}`;
}

const TOKEN_PLACEHOLDER = "INVITATION-LINK-TOKEN";
const renderedTemplates = new Map<string, Promise<RenderedEmail>>();
const MAX_RENDERED_TEMPLATES = 200;

/** The email for one organization, inviter, role (its name) and expiry day, with a placeholder for the link (see withLink). */
export function invitationTemplate(
  organizationName: string,
  inviterName: string,
  roleName: string,
  expiresAt: Date,
): Promise<RenderedEmail> {
  const key = JSON.stringify([organizationName, inviterName, roleName, expiresAt.toISOString().slice(0, 10), appUrl()]);
  let rendered = renderedTemplates.get(key);
  if (!rendered) {
    rendered = renderEmail(
      `${inviterName} invited you to join ${organizationName}`,
      createElement(InvitationEmail, {
        organizationName,
        inviterName,
        roleLabel: roleName,
        url: invitationUrl(TOKEN_PLACEHOLDER),
        expiresAt,
      }),
    );
    rendered.catch(() => renderedTemplates.delete(key));
    if (renderedTemplates.size >= MAX_RENDERED_TEMPLATES)
      renderedTemplates.delete(renderedTemplates.keys().next().value!);
    renderedTemplates.set(key, rendered);
  }
  return rendered;
}

/** A template with one invitation's link in place of the placeholder. */
export function withLink(template: RenderedEmail, url: string): RenderedEmail {
  const placeholder = invitationUrl(TOKEN_PLACEHOLDER);
  return {
    subject: template.subject,
    html: template.html.replaceAll(placeholder, url),
    text: template.text.replaceAll(placeholder, url),
  };
}

export async function invitationEmail(
  organizationName: string,
  inviterName: string,
  roleName: string,
  token: string,
  expiresAt: Date,
): Promise<RenderedEmail> {
  return withLink(await invitationTemplate(organizationName, inviterName, roleName, expiresAt), invitationUrl(token));
}
