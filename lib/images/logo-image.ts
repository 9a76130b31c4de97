// Organization logos as they are stored and served: whatever was uploaded is
// decoded by sharp (the bytes decide what it is, never a file name or a declared
// type), shrunk to fit LOGO_SIZE (never enlarged), and re-encoded as WebP
// without its metadata (EXIF, GPS, ICC comments). No next/* here: the domain
// (lib/domain/organizations/logo.ts) and scripts call it.
import { createHash } from "node:crypto";
import sharp from "sharp";
import { LOGO_FORMATS_TEXT, LOGO_MAX_BYTES, LOGO_TOO_LARGE_MESSAGE } from "../validation/logo";

/** Logos fit inside this square (pixels); smaller images keep their size. */
export const LOGO_SIZE = 256;
/**
 * Decoded pixels an upload may have: a small file can declare a huge image
 * (a decompression bomb). 40 megapixels covers photos from today's phones.
 */
export const LOGO_MAX_INPUT_PIXELS = 40_000_000;

const ACCEPTED_FORMATS = new Set(["png", "jpeg", "webp", "gif"]);
const ACCEPTED_NAMES = LOGO_FORMATS_TEXT;

export class LogoImageError extends Error {}

export type LogoImage = { content: Buffer; contentType: "image/webp"; hash: string; width: number; height: number };

/**
 * The logo to store, made from an upload; a LogoImageError with a message for
 * people when the bytes are no image, an image of another kind, or too large.
 * Animated GIF and WebP keep their first frame.
 */
export async function processLogoImage(input: Uint8Array): Promise<LogoImage> {
  if (input.byteLength === 0) throw new LogoImageError("Choose an image file to upload.");
  if (input.byteLength > LOGO_MAX_BYTES) throw new LogoImageError(LOGO_TOO_LARGE_MESSAGE);
  const options = { limitInputPixels: LOGO_MAX_INPUT_PIXELS, sequentialRead: true } as const;
  let format: string | undefined;
  let width = 0;
  let height = 0;
  try {
    // Reads the header only (no pixels are decoded, so no limit is needed to say what the bytes
    // are and how large they would decode; the limit below then names the size).
    ({ format, width = 0, height = 0 } = await sharp(input, { limitInputPixels: false }).metadata());
  } catch {
    throw new LogoImageError(`That file is not an image. Upload a ${ACCEPTED_NAMES} file.`);
  }
  if (!format || !ACCEPTED_FORMATS.has(format)) {
    throw new LogoImageError(
      `That file is ${format ? `a ${format.toUpperCase()} image` : "not an image"}. Upload a ${ACCEPTED_NAMES} file.`,
    );
  }
  if (width * height > LOGO_MAX_INPUT_PIXELS) {
    throw new LogoImageError(
      `That image is ${width}×${height} pixels; a logo can be at most ${LOGO_MAX_INPUT_PIXELS / 1_000_000} megapixels.`,
    );
  }
  try {
    const { data, info } = await sharp(input, options)
      // Applies the EXIF orientation before the metadata is dropped.
      .rotate()
      .resize(LOGO_SIZE, LOGO_SIZE, { fit: "inside", withoutEnlargement: true })
      .webp({ quality: 85, effort: 4 })
      .toBuffer({ resolveWithObject: true });
    const hash = createHash("sha256").update(data).digest("hex").slice(0, 32);
    return { content: data, contentType: "image/webp", hash, width: info.width, height: info.height };
  } catch {
    // A header that parses over data that does not (a truncated or corrupt file).
    throw new LogoImageError(`That image could not be read; it may be damaged. Upload another ${ACCEPTED_NAMES} file.`);
  }
}
