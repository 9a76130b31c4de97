import { Button, Text } from "@react-email/components";
import { APP_NAME } from "../config";
import { EmailLayout, button, paragraph } from "./layout";

/** Sent at sign-up: a welcome and the link that verifies the address, in one email. */
export function WelcomeEmail({ name, verifyUrl }: { name: string; verifyUrl: string }) {
  return (
    <EmailLayout
      preview={`Welcome to ${APP_NAME}: confirm your email address`}
      heading={`Welcome to ${APP_NAME}, ${name}`}
    >
      <Text style={paragraph}>
        Your account is ready. Confirm that this email address is yours, then create an organization to share {APP_NAME}{" "}
        with your team, or accept an invitation when a colleague sends you one.
      </Text>
      <Button href={verifyUrl} style={button}>
        Verify your email address
      </Button>
      <Text style={paragraph}>Or paste this link into your browser: {verifyUrl}</Text>
      <Text style={paragraph}>
        The link works once, for 24 hours. If you did not create this account, ignore this email.
      </Text>
    </EmailLayout>
  );
}
