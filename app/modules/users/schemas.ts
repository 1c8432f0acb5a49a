import { z } from "zod";
import { COUNTRIES, LOCALES, ROLES } from "#db/schema/enums";
import { PASSWORD_MAX, PASSWORD_MIN } from "./password-policy";
import { idParam, multi, requiredText } from "#app/utils/validation";

/** Shared by the browser (react-hook-form resolver) and the server (actions). */
export const passwordField = z
  .string()
  .min(PASSWORD_MIN, { error: "validation.passwordTooShort" })
  .max(PASSWORD_MAX, { error: "validation.passwordTooLong" });

export const emailField = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ error: "validation.email" }));

export const createUserSchema = z.object({
  email: emailField,
  name: requiredText(120),
  role: z.enum(ROLES),
  password: passwordField,
  institutionIds: multi(idParam),
  /** A monitoring user's plan areas and whole countries (other roles: ignored). Decision 033. */
  municipalityIds: multi(idParam),
  countries: multi(z.enum(COUNTRIES)),
});
export type CreateUserInput = z.output<typeof createUserSchema>;

export const updateUserSchema = z.object({
  intent: z.literal("update"),
  version: z.coerce.number().int().positive(),
  name: requiredText(120),
  role: z.enum(ROLES),
  institutionIds: multi(idParam),
  municipalityIds: multi(idParam),
  countries: multi(z.enum(COUNTRIES)),
});

export const resetPasswordSchema = z.object({
  intent: z.literal("resetPassword"),
  version: z.coerce.number().int().positive(),
  password: passwordField,
});

export const setStatusSchema = z.object({
  intent: z.enum(["disable", "enable"]),
  version: z.coerce.number().int().positive(),
});

export const userActionSchema = z.discriminatedUnion("intent", [
  updateUserSchema,
  resetPasswordSchema,
  setStatusSchema,
]);

/** A user changes their own password: the current one, then the new one twice. */
export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1).max(PASSWORD_MAX),
    newPassword: passwordField,
    confirmPassword: z.string().max(PASSWORD_MAX),
  })
  .superRefine((v, ctx) => {
    if (v.confirmPassword !== v.newPassword)
      ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "validation.passwordsDiffer" });
    else if (v.newPassword === v.currentPassword)
      ctx.addIssue({ code: "custom", path: ["newPassword"], message: "validation.passwordUnchanged" });
  });

export const signInSchema = z.object({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(PASSWORD_MAX),
  redirectTo: z.string().max(500).optional(),
});

export const setLanguageSchema = z.object({
  locale: z.enum(LOCALES),
  redirectTo: z.string().max(500).optional(),
});
