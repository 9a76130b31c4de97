import { Button, Text } from "@react-email/components";
import { EmailLayout, button, paragraph } from "./layout";

/** An email whose point is one single-use link: verify an address, reset a password, confirm a new address. */
export function AccountLinkEmail({
  preview,
  heading,
  intro,
  action,
  url,
  expiry,
  ignore,
}: {
  preview: string;
  heading: string;
  intro: string;
  action: string;
  url: string;
  expiry: string;
  ignore: string;
}) {
  return (
    <EmailLayout preview={preview} heading={heading}>
      <Text style={paragraph}>{intro}</Text>
      <Button href={url} style={button}>
        {action}
      </Button>
      <Text style={paragraph}>Or paste this link into your browser: {url}</Text>
      <Text style={paragraph}>
        {expiry} {ignore}
      </Text>
    </EmailLayout>
  );
}
