import { Body, Container, Head, Heading, Hr, Html, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";
import { APP_NAME } from "../config";

export function EmailLayout({
  preview,
  heading,
  children,
  footer = `You received this email because of an action on your ${APP_NAME} account.`,
}: {
  preview: string;
  heading: string;
  children: ReactNode;
  /** Why the recipient got this email (the default speaks to an account holder). */
  footer?: string;
}) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Body
        style={{ backgroundColor: "#f4f4f5", fontFamily: "Helvetica, Arial, sans-serif", margin: 0, padding: "24px 0" }}
      >
        <Container style={{ backgroundColor: "#ffffff", borderRadius: 8, padding: "32px", maxWidth: 520 }}>
          <Text style={{ fontSize: 14, fontWeight: 700, color: "#4f46e5", margin: 0 }}>{APP_NAME}</Text>
          <Heading as="h1" style={{ fontSize: 22, color: "#18181b", margin: "16px 0" }}>
            {heading}
          </Heading>
          <Section>{children}</Section>
          <Hr style={{ borderColor: "#e4e4e7", margin: "24px 0" }} />
          <Text style={{ fontSize: 12, color: "#71717a", margin: 0 }}>{footer}</Text>
        </Container>
      </Body>
    </Html>
  );
}

export const paragraph = { fontSize: 15, lineHeight: "24px", color: "#3f3f46" } as const;
export const button = {
  backgroundColor: "#4f46e5",
  borderRadius: 6,
  color: "#ffffff",
  display: "inline-block",
  fontSize: 15,
  fontWeight: 600,
  padding: "12px 20px",
  textDecoration: "none",
} as const;
