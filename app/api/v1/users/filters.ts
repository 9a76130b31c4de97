import type { Query } from "@/lib/api/params";
import type { UserFilters } from "@/lib/domain/instance-reads";

/** The filters of Clerk's user list and count (the SDK sends the same ones to both). */
export function userFilters(q: Query): UserFilters {
  return {
    emails: q.list("email_address"),
    userIds: q.list("user_id"),
    externalIds: q.list("external_id"),
    organizationIds: q.list("organization_id"),
    query: q.string("query"),
    emailQuery: q.string("email_address_query"),
    nameQuery: q.string("name_query"),
    createdBefore: q.timestamp("created_at_before"),
    createdAfter: q.timestamp("created_at_after"),
    none:
      q.anyOf("phone_number", "username", "web3_wallet") ||
      Boolean(q.string("phone_number_query") || q.string("username_query")),
  };
}
