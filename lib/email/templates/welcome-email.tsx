import { Button, Text } from "@react-email/components";
import { APP_NAME } from "../config";
import { EmailLayout, button, paragraph } from "./layout";

export function WelcomeEmail({ name, url }: { name: string; url: string }) {
  return (
    <EmailLayout preview={`Welcome to ${APP_NAME}`} heading={`Welcome to ${APP_NAME}, ${name}`}>
      <Text style={paragraph}>
        Your account is ready. Create an organization to share {APP_NAME} with your team, or accept an invitation
        when a colleague sends you one.
      </Text>
      <Button href={url} style={button}>
        Open {APP_NAME}
      </Button>
      <Text style={paragraph}>Or paste this link into your browser: {url}</Text>
    </EmailLayout>
  );
}
