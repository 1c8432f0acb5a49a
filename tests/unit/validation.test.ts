import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { createUserSchema, signInSchema } from "#app/modules/users/schemas";
import { flattenIssues } from "#app/utils/issues";

function errors(schema: z.ZodType, v: unknown) {
  const r = schema.safeParse(v);
  return r.success ? {} : flattenIssues(r.error.issues);
}

describe("validation messages are translation keys", () => {
  it("names each bad field with a key", () => {
    const e = errors(createUserSchema, { email: "not-an-email", name: "  ", role: "boss", password: "short" });
    expect(e.email?.key).toBe("validation.email");
    expect(e.name?.key).toBe("validation.required");
    expect(e.role?.key).toBe("validation.invalidChoice");
    expect(e.password?.key).toBe("validation.passwordTooShort");
  });

  it("accepts passwords of 64 and 128 characters, refuses 129", () => {
    const base = { email: "a@b.pl", name: "A", role: "case_worker" };
    expect(errors(createUserSchema, { ...base, password: "p".repeat(64) })).toEqual({});
    expect(errors(createUserSchema, { ...base, password: "p".repeat(128) })).toEqual({});
    expect(errors(createUserSchema, { ...base, password: "p".repeat(129) }).password?.key).toBe(
      "validation.passwordTooLong",
    );
  });

  it("normalises e-mail and reads one or many institution ids", () => {
    const one = createUserSchema.parse({
      email: " A@B.PL ",
      name: "A",
      role: "admin",
      password: "0123456789",
      institutionIds: "3",
    });
    expect(one.email).toBe("a@b.pl");
    expect(one.institutionIds).toEqual([3]);
    const many = createUserSchema.parse({
      email: "a@b.pl",
      name: "A",
      role: "admin",
      password: "0123456789",
      institutionIds: ["3", "4"],
    });
    expect(many.institutionIds).toEqual([3, 4]);
    expect(
      errors(createUserSchema, {
        email: "a@b.pl",
        name: "A",
        role: "admin",
        password: "0123456789",
        institutionIds: "x",
      }),
    ).toHaveProperty("institutionIds.0");
  });

  it("a missing field is 'required'", () => {
    expect(errors(signInSchema, {}).email?.key).toBe("validation.required");
  });
});
