import { z } from "zod";

const email = z
  .string({ message: "Enter your email address" })
  .trim()
  .toLowerCase()
  .max(254, "That email address is too long")
  .pipe(z.email({ message: "Enter a valid email address, like name@example.com" }));

export const LoginSchema = z.object({
  email,
  password: z.string({ message: "Enter your password" }).min(1, "Enter your password").max(200),
  redirectTo: z.string().optional(),
});

export const SignupSchema = z
  .object({
    email,
    name: z.string().trim().max(80, "Keep your name under 80 characters").optional(),
    password: z
      .string({ message: "Choose a password" })
      .min(10, "Use at least 10 characters")
      .max(200, "Use at most 200 characters"),
    confirm: z.string({ message: "Repeat your password" }),
  })
  .refine((v) => v.password === v.confirm, { message: "The passwords do not match", path: ["confirm"] });
