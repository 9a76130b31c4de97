// What the emails say to whom: an invitation reaches people who may have no
// account yet, so its footer must not speak of "your account".
import { describe, expect, it } from "vitest";
import { invitationTemplate } from "@/lib/email/invitation-emails";

describe("invitation email", () => {
  it("tells a person without an account why it came and that accepting needs no account beforehand", async () => {
    const { text } = await invitationTemplate("Acme Rockets", "Ada Admin", "basic_member", new Date("2030-01-01"));
    expect(text).toContain("Ada Admin invited this address to Acme Rockets");
    expect(text).toContain("You do not need an account");
    expect(text).not.toContain("your Orgs account");
  });
});
