import { z } from "zod";
import { emailSchema, passwordSchema, signUpSchema } from "./auth";

export const updateNameSchema = signUpSchema.pick({ name: true });
export type UpdateNameInput = z.infer<typeof updateNameSchema>;

export const changePasswordSchema = z.object({
  currentPassword: z.string({ error: "Enter your current password." }).min(1, "Enter your current password.").max(200),
  newPassword: passwordSchema,
});
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;

export const changeEmailSchema = z.object({
  newEmail: emailSchema,
  password: z.string({ error: "Enter your password." }).min(1, "Enter your password.").max(200),
});
export type ChangeEmailInput = z.infer<typeof changeEmailSchema>;
