import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "#db/client";
import { freshDbFile } from "#tests/support/db";
import { recordSql } from "../../scripts/lib/sql-floor";

/**
 * The bench's raw-SQL floor of a read (scripts/lib/sql-floor.ts): replaying runs exactly the
 * reading statements the recorded run executed, with their values, and no write. A SQL function
 * counts what SQLite itself evaluates.
 */
const db = openDatabase(freshDbFile());
afterAll(() => db.$client.close());
let evaluated: number[] = [];
db.$client.function("seen", (x: unknown) => (evaluated.push(Number(x)), x as number));
db.$client.exec("create table t (id integer primary key, v integer); insert into t (v) values (1), (2), (3)");

describe("recordSql", () => {
  it("replays each reading statement with its values, in order, and leaves out writes", () => {
    const read = () => {
      db.$client.prepare("select seen(v) from t where id = ?").get(2);
      db.$client.prepare("select seen(v) as v from t where v >= ? order by id").all(2);
      for (const _ of db.$client.prepare("select seen(?) as x").iterate(7));
      db.$client.prepare("insert into t (v) values (?)").run(0); // not among the rows read again
    };
    const recorded = recordSql(db.$client, read);
    expect(recorded).toMatchObject({ reads: 3, writes: 1 });
    expect(evaluated).toEqual([2, 2, 3, 7]);
    evaluated = [];
    recorded.replay();
    expect(evaluated).toEqual([2, 2, 3, 7]);
    expect(db.$client.prepare("select count(*) from t").pluck().get()).toBe(4); // the insert ran once
  });

  it("puts the statements' methods back (nothing recorded after it)", () => {
    const recorded = recordSql(db.$client, () => db.$client.prepare("select 1").get());
    evaluated = [];
    db.$client.prepare("select seen(5)").get();
    expect(recorded.reads).toBe(1);
    expect(evaluated).toEqual([5]);
  });
});
