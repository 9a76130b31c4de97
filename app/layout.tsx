import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Toaster } from "sonner";
import { VerifyEmailBanner } from "@/components/account/verify-email-banner";
import { SiteHeader } from "@/components/site-header";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Orgs: organizations for your app", template: "%s · Orgs" },
  description: "Shared accounts for teams: organizations, roles and invitations.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="flex min-h-screen flex-col">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:shadow"
        >
          Skip to content
        </a>
        <SiteHeader />
        <VerifyEmailBanner />
        <main id="main" className="flex-1">
          {children}
        </main>
        <footer className="border-t border-zinc-200 py-6 text-center text-xs text-zinc-500">
          Orgs: self-hosted organizations for web apps.
        </footer>
        <Toaster />
      </body>
    </html>
  );
}
