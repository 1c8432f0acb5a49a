import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Locale } from "#db/schema/enums";
import { listTasks } from "#app/modules/caseload/tasks.server";
import { requireUserWithPermission } from "#app/utils/auth.server";
import { formatDate } from "#app/utils/format";

export const handle = { titleKey: "tasks.title" };

/** The signed-in case worker's tasks, computed from the records (decision 023). */
export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireUserWithPermission(request, "write:transitions");
  return { tasks: listTasks(ctx) };
}

export default function Tasks() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { tasks } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>
        {t("tasks.title")} <span className="count">({tasks.length})</span>
      </h1>
      <p className="hint">{t("tasks.intro")}</p>
      {tasks.length === 0 ? (
        <p className="muted">{t("tasks.none")}</p>
      ) : (
        <ul className="plain task-list">
          {tasks.map((task, i) => (
            <li key={`${task.kind}-${task.href}-${i}`} className={task.overdue ? "task overdue" : "task"}>
              <p className="task-due">
                {task.dueOn ? (
                  <>
                    {t(task.kind === "plan" ? "tasks.waitingSince" : "tasks.due", {
                      date: formatDate(task.dueOn, locale),
                    })}
                    {task.overdue ? <span className="badge warn">{t("residents.overdue")}</span> : null}
                  </>
                ) : (
                  t("tasks.asap")
                )}
              </p>
              <p className="task-what">
                <Link to={task.href}>{t(`tasks.kinds.${task.kind}`, { name: task.name })}</Link>
              </p>
              <p className="muted">{task.institutionName}</p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
