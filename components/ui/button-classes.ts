export type ButtonVariant = "primary" | "secondary" | "danger";

/** Button styles (app/globals.css), shared by buttons and links that look like buttons (server and client alike). */
export function buttonClasses(variant: ButtonVariant = "primary", extra = ""): string {
  return extra ? `btn btn-${variant} ${extra}` : `btn btn-${variant}`;
}
