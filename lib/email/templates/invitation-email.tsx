import { Button, Text } from "@react-email/components";
import { APP_NAME } from "../config";
import { EmailLayout, button, paragraph } from "./layout";

export function InvitationEmail({
  organizationName,
  inviterName,
  roleLabel,
  url,
  expiresAt,
}: {
  organizationName: string;
  inviterName: string;
  roleLabel: string;
  url: string;
  expiresAt: Date;
}) {
  const expires = new Intl.DateTimeFormat("en", { dateStyle: "long", timeZone: "UTC" }).format(expiresAt);
  return (
    <EmailLayout
      preview={`${inviterName} invited you to ${organizationName}`}
      heading={`Join ${organizationName}`}
      // Most invitees have no account yet: say why this came, and that accepting needs none beforehand.
      footer={`You received this email because ${inviterName} invited this address to ${organizationName} on ${APP_NAME}. You do not need an account: you can create one when you accept.`}
    >
      <Text style={paragraph}>
        {inviterName} invited you to join <strong>{organizationName}</strong> as{" "}
        {roleLabel === "Admin" ? "an admin" : "a member"}.
      </Text>
      <Button href={url} style={button}>
        Accept the invitation
      </Button>
      <Text style={paragraph}>Or paste this link into your browser: {url}</Text>
      <Text style={paragraph}>
        The invitation expires on {expires} (UTC). If you did not expect it, ignore this email.
      </Text>
    </EmailLayout>
  );
}
