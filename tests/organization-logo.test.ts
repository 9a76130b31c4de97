import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { db, prisma } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { INSTANCE } from "@/lib/domain/access";
import { getOrganization } from "@/lib/domain/organizations/organizations";
import { readOrganizationLogo, removeOrganizationLogo, setOrganizationLogo } from "@/lib/domain/organizations/logo";
import { LOGO_MAX_INPUT_PIXELS, processLogoImage } from "@/lib/images/logo-image";
import { LOGO_MAX_BYTES } from "@/lib/validation/logo";
import { makeAdminAndMember, makeOrganization, makeUser } from "./support/orgs";

afterAll(() => prisma.$disconnect());

const png = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 4, background: { r: 200, g: 40, b: 90, alpha: 1 } } })
    .png()
    .toBuffer();

async function storedLogo(organizationId: string) {
  const rows = await db.rows<{ hash: string; width: number; height: number }>(
    Prisma.sql`SELECT hash, width, height FROM organization_logos WHERE organization_id = ${organizationId}`,
  );
  return rows[0] ?? null;
}

describe("the logo image", () => {
  it("is shrunk to fit 256×256, never enlarged, and re-encoded as WebP without metadata", async () => {
    const big = await processLogoImage(
      await sharp(await png(1200, 600))
        .jpeg()
        .withMetadata({ exif: { IFD0: { Copyright: "secret camera" } } })
        .toBuffer(),
    );
    expect(big).toMatchObject({ contentType: "image/webp", width: 256, height: 128 });
    const meta = await sharp(big.content).metadata();
    expect(meta.format).toBe("webp");
    expect(meta.exif).toBeUndefined();
    const small = await processLogoImage(await png(40, 30));
    expect(small).toMatchObject({ width: 40, height: 30 });
    expect(small.hash).toMatch(/^[0-9a-f]{32}$/);
  });

  it("keeps an animated GIF's first frame (a still WebP of the first frame's size)", async () => {
    const frame = (background: string) =>
      sharp({ create: { width: 20, height: 40, channels: 4, background } })
        .png()
        .toBuffer();
    const animated = await sharp([await frame("#3366ff"), await frame("#ff3366")], { join: { animated: true } })
      .gif({ loop: 0, delay: 100 })
      .toBuffer();
    expect((await sharp(animated).metadata()).pages).toBe(2);
    const logo = await processLogoImage(animated);
    expect(logo).toMatchObject({ width: 20, height: 40 });
    const meta = await sharp(logo.content).metadata();
    expect(meta.pages ?? 1).toBe(1);
    const { data } = await sharp(logo.content).raw().toBuffer({ resolveWithObject: true });
    // The first frame's blue, not the second's red (WebP is lossy: roughly).
    expect(data[2]).toBeGreaterThan(200);
    expect(data[0]).toBeLessThan(100);
  });

  it.each([
    ["text", Buffer.from("hello, this is not an image"), /not an image/],
    ["an SVG", Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'), /SVG image/],
    ["nothing", Buffer.alloc(0), /Choose an image/],
  ])("refuses %s with a message", async (_label, bytes, message) => {
    await expect(processLogoImage(bytes)).rejects.toThrow(message);
  });

  it("refuses a TIFF (an image, but not one of the four kinds)", async () => {
    await expect(
      processLogoImage(
        await sharp(await png(8, 8))
          .tiff()
          .toBuffer(),
      ),
    ).rejects.toThrow(/TIFF image/);
  });

  it("refuses more than 10 MB, and a decompression bomb (a small file declaring a huge image)", async () => {
    await expect(processLogoImage(Buffer.alloc(LOGO_MAX_BYTES + 1))).rejects.toThrow(/at most 10 MB/);
    const side = Math.ceil(Math.sqrt(LOGO_MAX_INPUT_PIXELS)) + 10;
    const bomb = await sharp({ create: { width: side, height: side, channels: 3, background: "#fff" } })
      .png({ compressionLevel: 9 })
      .toBuffer();
    expect(bomb.byteLength).toBeLessThan(LOGO_MAX_BYTES);
    await expect(processLogoImage(bomb)).rejects.toThrow(/megapixels/);
  });
});

describe("setting and removing an organization's logo", () => {
  it("an admin uploads: stored, logo_url is its hashed path; the path serves it; a new logo is a new path", async () => {
    const admin = await makeUser(prisma, "logo-admin");
    const org = await makeOrganization(prisma, [[admin, "admin"]]);
    const first = await setOrganizationLogo(db, admin.id, org.id, await png(300, 300));
    expect(first.logoUrl).toMatch(new RegExp(`^/logos/${org.id}/[0-9a-f]{32}\\.webp$`));
    expect((await getOrganization(db, admin.id, org.id)).logoUrl).toBe(first.logoUrl);
    const stored = await storedLogo(org.id);
    expect(stored).toMatchObject({ width: 256, height: 256 });
    const file = first.logoUrl.split("/").pop()!;
    const served = await readOrganizationLogo(db, org.id, file);
    expect(served?.contentType).toBe("image/webp");
    expect((await sharp(Buffer.from(served!.content)).metadata()).width).toBe(256);

    const second = await setOrganizationLogo(db, admin.id, org.slug, await png(64, 32));
    expect(second.logoUrl).not.toBe(first.logoUrl);
    expect(await readOrganizationLogo(db, org.id, file)).toBeNull();
    expect(await readOrganizationLogo(db, org.id, second.logoUrl.split("/").pop()!)).not.toBeNull();

    await removeOrganizationLogo(db, admin.id, org.id);
    expect((await getOrganization(db, admin.id, org.id)).logoUrl).toBeNull();
    expect(await storedLogo(org.id)).toBeNull();
    expect(await readOrganizationLogo(db, org.id, second.logoUrl.split("/").pop()!)).toBeNull();
    // Removing what is not there is no error.
    await removeOrganizationLogo(db, admin.id, org.id);
  });

  it("a basic member and an outsider are refused, and nothing changes", async () => {
    const { admin, member, org } = await makeAdminAndMember(prisma, { admin: "la", member: "lm" });
    const outsider = await makeUser(prisma, "lo");
    const { logoUrl } = await setOrganizationLogo(db, admin.id, org.id, await png(10, 10));
    const image = await png(20, 20);
    await expect(setOrganizationLogo(db, member.id, org.id, image)).rejects.toMatchObject({
      code: "missing_organization_permission",
    });
    await expect(setOrganizationLogo(db, outsider.id, org.id, image)).rejects.toMatchObject({
      code: "resource_not_found",
    });
    await expect(removeOrganizationLogo(db, member.id, org.id)).rejects.toMatchObject({
      code: "missing_organization_permission",
    });
    await expect(removeOrganizationLogo(db, outsider.id, org.id)).rejects.toMatchObject({
      code: "resource_not_found",
    });
    expect((await getOrganization(db, admin.id, org.id)).logoUrl).toBe(logoUrl);
  });

  it("refuses what is not an image as a bad `file` parameter, before storing anything", async () => {
    const admin = await makeUser(prisma, "lx");
    const org = await makeOrganization(prisma, [[admin, "admin"]]);
    await expect(setOrganizationLogo(db, INSTANCE, org.id, Buffer.from("GIF89a but not really"))).rejects.toMatchObject(
      { code: "form_param_format_invalid", meta: { paramName: "file" } },
    );
    expect(await storedLogo(org.id)).toBeNull();
  });

  it("the logo goes with its organization", async () => {
    const admin = await makeUser(prisma, "ld");
    const org = await makeOrganization(prisma, [[admin, "admin"]]);
    await setOrganizationLogo(db, INSTANCE, org.id, await png(10, 10));
    await prisma.organization.delete({ where: { id: org.id } });
    expect(await storedLogo(org.id)).toBeNull();
  });
});
