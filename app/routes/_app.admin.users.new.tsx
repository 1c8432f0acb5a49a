import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, Field } from "#app/components/form-messages";
import { useValidatedForm } from "#app/components/form";
import { UserFields } from "#app/components/user-fields";
import { listAllInstitutionsForAdmin, municipalityChoices } from "#app/modules/institutions/service.server";
import { createUserSchema } from "#app/modules/users/schemas.server";
import { createUser } from "#app/modules/users/service.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { redirectWithFlash } from "#app/utils/flash.server";
import { parseForm } from "#app/utils/form.server";
import { orFormError } from "#app/utils/route.server";
import { revalidateOnConflict } from "#app/utils/revalidate";

/** The page title (translated in the root layout). */
export const handle = { titleKey: "users.new" };

/** After a concurrent-edit refusal the page shows what is saved now. */
export const shouldRevalidate = revalidateOnConflict;

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "manage:users");
  return { institutions: listAllInstitutionsForAdmin(ctx), municipalities: municipalityChoices(ctx) };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "manage:users");
  const form = await parseForm(request, createUserSchema);
  if (!form.ok) return form.response;
  return orFormError(async () => {
    const id = await createUser(ctx, form.data);
    return redirectWithFlash(`/admin/users/${id}`, { key: "users.created" });
  }, form.values);
}

type Values = {
  email: string;
  name: string;
  role: string;
  password: string;
  institutionIds: string[];
  municipalityIds: string[];
  countries: string[];
};

export default function NewUser() {
  const { t } = useTranslation();
  const { institutions, municipalities } = useLoaderData<typeof loader>();
  const f = useValidatedForm<Values>(() => import("#app/modules/users/schemas").then((m) => m.createUserSchema), {
    email: "",
    name: "",
    role: "case_worker",
    password: "",
    institutionIds: [],
    municipalityIds: [],
    countries: [],
  });
  return (
    <>
      <h1>{t("users.new")}</h1>
      <ErrorSummary form={f} />
      <Form method="post" onSubmit={f.onSubmit} noValidate className="stack">
        <Field label={t("users.email")} name="email" error={f.errorFor("email")}>
          {(a) => (
            <input
              {...a}
              type="email"
              autoComplete="off"
              defaultValue={f.initial("email")}
              {...f.form.register("email")}
            />
          )}
        </Field>
        <UserFields
          form={f.form}
          errorFor={f.errorFor}
          initial={f.initial}
          institutions={institutions}
          granted={[]}
          municipalities={municipalities}
          grantedAreas={{ municipalityIds: [], countries: [] }}
        />
        <Field
          label={t("users.initialPassword")}
          name="password"
          error={f.errorFor("password")}
          hint={t("users.passwordHint")}
        >
          {(a) => <input {...a} type="password" autoComplete="new-password" {...f.form.register("password")} />}
        </Field>
        <button type="submit" className="button">
          {t("users.create")}
        </button>
      </Form>
    </>
  );
}
