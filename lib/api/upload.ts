// A file sent as multipart/form-data (the logo upload: @clerk/backend's
// updateOrganizationLogo, and the settings page). The body is read no further
// than its cap, then parsed; the file's name and declared type are ignored
// (the bytes decide what it is).
import { ApiError, paramError, readBodyBytes } from "./http";
import { LOGO_MAX_BYTES } from "../validation/logo";

/** A logo upload's body: the 10 MB file and room for the multipart framing and a field or two, nothing more. */
export const LOGO_UPLOAD_MAX_BODY_BYTES = LOGO_MAX_BYTES + 64 * 1024;

export async function readUploadedFile(
  request: Request,
  field: string,
  maxBodyBytes: number,
): Promise<{ bytes: Uint8Array; form: FormData }> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\s*;/i.test(type)) {
    throw new ApiError(
      415,
      "unsupported_media_type",
      `Send the file as multipart/form-data, in a field named ${field}.`,
    );
  }
  const body = await readBodyBytes(request, maxBodyBytes);
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(body), { headers: { "content-type": type } }).formData();
  } catch {
    throw paramError("form_param_format_invalid", field, "The multipart/form-data body could not be read.");
  }
  const file = form.get(field);
  if (!(file instanceof Blob) || file.size === 0) {
    throw paramError("form_param_missing", field, `Send an image file in the ${field} field.`);
  }
  return { bytes: new Uint8Array(await file.arrayBuffer()), form };
}
