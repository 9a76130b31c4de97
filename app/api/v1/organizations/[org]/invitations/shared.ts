// Shared by the invitation routes: one API invitation object to the domain's item.
import { paramError } from "@/lib/api/http";
import { optionalParams, requireParams, roleFromApi } from "@/lib/api/params";
import { INSTANCE } from "@/lib/domain/access";
import { isLookupKey } from "@/lib/validation/text";

export function invitationItem(body: Record<string, unknown>) {
  requireParams(body, "email_address", "role");
  return {
    email: body.emailAddress,
    role: roleFromApi(body.role),
    ...optionalParams(body, "expiresInDays", "publicMetadata", "privateMetadata", "redirectUrl"),
  };
}

/** Who acts: the inviter named (bound by an admin's rules), else the instance. */
export function actingUser(value: unknown, param: string): string {
  if (value === undefined || value === null || value === "") return INSTANCE;
  if (!isLookupKey(value) || !value.startsWith("user_"))
    throw paramError("form_param_format_invalid", param, `${param} must be a user id.`);
  return value;
}
