/** @type {import('next').NextConfig} */
const nextConfig = {
  // The embedded database and the Prisma driver stay in Node.js, unbundled.
  serverExternalPackages: ["@electric-sql/pglite", "@electric-sql/pglite-socket", "pg", "@node-rs/argon2"],
  poweredByHeader: false,
};

export default nextConfig;
