import { render, toPlainText } from "@react-email/render";
import type { ReactElement } from "react";
import { toSingleLine } from "../validation/text";

export type RenderedEmail = { subject: string; html: string; text: string };

/**
 * Every email carries an HTML part and a plain-text part made from it (one render, not two).
 * The subject is one line whatever it is built from: names are refused with line breaks and
 * control characters when given, and a name stored before that rule still cannot add a line.
 */
export async function renderEmail(subject: string, element: ReactElement): Promise<RenderedEmail> {
  const html = await render(element);
  return { subject: toSingleLine(subject), html, text: toPlainText(html) };
}
