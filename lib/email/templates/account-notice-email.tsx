import { Link, Text } from "@react-email/components";
import { EmailLayout, paragraph } from "./layout";

/** A security notice about an account: something changed, and what to do if it was not you. */
export function AccountNoticeEmail({
  preview,
  heading,
  lines,
  link,
}: {
  preview: string;
  heading: string;
  lines: string[];
  link?: { label: string; url: string };
}) {
  return (
    <EmailLayout preview={preview} heading={heading}>
      {lines.map((line) => (
        <Text key={line} style={paragraph}>
          {line}
        </Text>
      ))}
      {link && (
        <Text style={paragraph}>
          <Link href={link.url} style={{ color: "#4f46e5" }}>
            {link.label}
          </Link>
          : {link.url}
        </Text>
      )}
    </EmailLayout>
  );
}
