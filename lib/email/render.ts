import { render } from "@react-email/render";
import type { ReactElement } from "react";

export type RenderedEmail = { subject: string; html: string; text: string };

/** Every email carries an HTML part and a plain-text part made from the same template. */
export async function renderEmail(subject: string, element: ReactElement): Promise<RenderedEmail> {
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject, html, text };
}
