// What a logo upload may be, shared by the upload control (checked before
// sending, to spare a 10 MB round trip) and the server (lib/images/logo-image.ts),
// which decides from the bytes themselves.

/** The largest upload accepted, as Clerk's: 10 MB. */
export const LOGO_MAX_BYTES = 10 * 1024 * 1024;
/** The file picker's filter; the server sniffs the bytes whatever the name or declared type. */
export const LOGO_ACCEPT = "image/png,image/jpeg,image/webp,image/gif";
export const LOGO_FORMATS_TEXT = "PNG, JPEG, WebP or GIF";
export const LOGO_TOO_LARGE_MESSAGE = "That file is too large: a logo can be at most 10 MB.";
