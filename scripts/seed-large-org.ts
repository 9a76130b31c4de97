// Makes an organization with many members, for scale checks and benchmarks:
//   npm run db:seed:large -- [members=10000] [slug=big-org]
// Members sign in with password "demo-password"; the admin is admin@<slug>.example.
// Rows are generated inside PostgreSQL (generate_series), so 10,000 take about a second.
import { prisma } from "../lib/db";
import { hashPassword } from "../lib/domain/passwords";
import { ensureEmbeddedDatabase } from "../lib/embedded-db";

export async function seedLargeOrganization(
  members: number,
  slug: string,
): Promise<{ id: string; adminEmail: string }> {
  const adminEmail = `admin@${slug}.example`;
  const existing = await prisma.organization.findUnique({
    where: { slug },
    select: { id: true, _count: { select: { memberships: true } } },
  });
  if (existing && existing._count.memberships === members) return { id: existing.id, adminEmail };
  if (existing) await prisma.organization.delete({ where: { id: existing.id } });

  const passwordHash = await hashPassword("demo-password");
  return prisma.$transaction(
    async (tx) => {
      const admin = await tx.user.upsert({
        where: { email: adminEmail },
        update: { passwordHash },
        create: { name: `Admin of ${slug}`, email: adminEmail, passwordHash },
        select: { id: true },
      });
      const org = await tx.organization.create({
        data: {
          name: `Big ${slug}`,
          slug,
          createdById: admin.id,
          memberships: { create: { userId: admin.id, role: "admin" } },
        },
        select: { id: true },
      });
      await tx.$executeRaw`
        INSERT INTO users (id, name, email, password_hash, created_at, updated_at)
        SELECT 'user_' || md5(${slug} || '-' || n), 'Member ' || lpad(n::text, 6, '0'),
               'member' || n || '@' || ${slug} || '.example', ${passwordHash}, now(), now()
          FROM generate_series(1, ${members - 1}::int) AS n
        ON CONFLICT (email) DO NOTHING`;
      await tx.$executeRaw`
        INSERT INTO organization_memberships (id, organization_id, user_id, role, created_at, updated_at)
        SELECT 'orgmem_' || md5(${org.id} || '-' || n), ${org.id}, u.id,
               CASE WHEN n % 50 = 0 THEN 'org:admin' ELSE 'org:member' END,
               now() - (n || ' minutes')::interval, now()
          FROM generate_series(1, ${members - 1}::int) AS n
          JOIN users u ON u.email = 'member' || n || '@' || ${slug} || '.example'`;
      return { id: org.id, adminEmail };
    },
    { timeout: 120_000 },
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const members = Number(process.argv[2] ?? 10_000);
  const slug = process.argv[3] ?? "big-org";
  const embedded = process.env.DATABASE_URL?.trim() ? null : await ensureEmbeddedDatabase();
  const started = Date.now();
  const { adminEmail } = await seedLargeOrganization(members, slug);
  console.info(
    `Organization /orgs/${slug} has ${members} members (${Date.now() - started} ms). Sign in as ${adminEmail} / demo-password.`,
  );
  await prisma.$disconnect();
  await embedded?.close();
}
