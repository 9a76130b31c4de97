import type { Query } from "@/lib/api/params";
import type { UserFilters } from "@/lib/domain/instance-reads";

export function userFilters(q: Query): UserFilters {
  return {
    emails: q.list("email_address"),
    userIds: q.list("user_id"),
    externalIds: q.list("external_id"),
    organizationIds: q.list("organization_id"),
    query: q.string("query"),
  };
}
