// The emails of the account chores, rendered from two templates: one for a
// single-use link, one for a security notice.
import { createElement } from "react";
import { APP_NAME, appUrl } from "./config";
import { renderEmail, type RenderedEmail } from "./render";
import { AccountLinkEmail } from "./templates/account-link-email";
import { AccountNoticeEmail } from "./templates/account-notice-email";
import { WelcomeEmail } from "./templates/welcome-email";

export const verifyEmailUrl = (token: string) => `${appUrl()}/verify-email/${token}`;
export const resetPasswordUrl = (token: string) => `${appUrl()}/reset-password/${token}`;
export const confirmEmailChangeUrl = (token: string) => `${appUrl()}/confirm-email/${token}`;

export function welcomeEmail(name: string, token: string): Promise<RenderedEmail> {
  return renderEmail(
    `Welcome to ${APP_NAME}: verify your email`,
    createElement(WelcomeEmail, { name, verifyUrl: verifyEmailUrl(token) }),
  );
}

export function verificationEmail(name: string, token: string): Promise<RenderedEmail> {
  return renderEmail(
    `Verify your email for ${APP_NAME}`,
    createElement(AccountLinkEmail, {
      preview: "Confirm your email address",
      heading: `Confirm your email address, ${name}`,
      intro: `Confirm that this address belongs to your ${APP_NAME} account.`,
      action: "Verify your email address",
      url: verifyEmailUrl(token),
      expiry: "The link works once, for 24 hours.",
      ignore: "If you did not ask for it, ignore this email.",
    }),
  );
}

export function passwordResetEmail(name: string, token: string): Promise<RenderedEmail> {
  return renderEmail(
    `Reset your ${APP_NAME} password`,
    createElement(AccountLinkEmail, {
      preview: "A link to choose a new password",
      heading: "Reset your password",
      intro: `Hello ${name}, someone (we hope you) asked to reset the password of the ${APP_NAME} account for this address.`,
      action: "Choose a new password",
      url: resetPasswordUrl(token),
      expiry: "The link works once, for 1 hour. Setting a new password signs you out everywhere else.",
      ignore: "If you did not ask for it, ignore this email: your password stays as it is.",
    }),
  );
}

/** Sent when a reset is asked for an address with no account, so the answer on screen is the same either way. */
export function passwordResetNoAccountEmail(email: string): Promise<RenderedEmail> {
  return renderEmail(
    `Reset your ${APP_NAME} password`,
    createElement(AccountNoticeEmail, {
      preview: "There is no account for this address",
      heading: "Reset your password",
      lines: [
        `Someone (we hope you) asked to reset the password of the ${APP_NAME} account for ${email}, but there is no account for this address.`,
        "If you signed up with another address, ask for the reset there. If you did not ask for it, ignore this email.",
      ],
      link: { label: "Create an account", url: `${appUrl()}/sign-up` },
    }),
  );
}

export function emailChangeEmail(name: string, newEmail: string, token: string): Promise<RenderedEmail> {
  return renderEmail(
    `Confirm your new email for ${APP_NAME}`,
    createElement(AccountLinkEmail, {
      preview: "Confirm your new email address",
      heading: "Confirm your new email address",
      intro: `Hello ${name}, confirm that ${newEmail} should become the email address of your ${APP_NAME} account. Until you do, the old address stays in place.`,
      action: "Use this email address",
      url: confirmEmailChangeUrl(token),
      expiry: "The link works once, for 24 hours.",
      ignore: "If you did not ask for it, ignore this email.",
    }),
  );
}

function notice(subject: string, heading: string, lines: string[]): Promise<RenderedEmail> {
  return renderEmail(subject, createElement(AccountNoticeEmail, { preview: heading, heading, lines }));
}

export function emailChangedNotice(oldEmail: string, newEmail: string): Promise<RenderedEmail> {
  return notice(`Your ${APP_NAME} email address was changed`, "Your email address was changed", [
    `The email address of your ${APP_NAME} account was changed from ${oldEmail} to ${newEmail}. Emails now go to the new address.`,
    "If you did not do this, reset your password from the new address's sign-in page at once, or contact your administrator.",
  ]);
}

export function passwordChangedNotice(): Promise<RenderedEmail> {
  return notice(`Your ${APP_NAME} password was changed`, "Your password was changed", [
    `The password of your ${APP_NAME} account was just changed, and your other sessions were signed out.`,
    `If you did not do this, reset your password at ${appUrl()}/forgot-password.`,
  ]);
}

export function accountDeletedNotice(): Promise<RenderedEmail> {
  return notice(`Your ${APP_NAME} account was deleted`, "Your account was deleted", [
    `Your ${APP_NAME} account and its data were deleted, as you asked. This is the last email we send you.`,
  ]);
}
