import { getTableName, sql, type Column, type SQL } from "drizzle-orm";

/**
 * A column with its table's name: for correlated subqueries. drizzle writes bare column names
 * in a single-table select, so `where "module_id" = "id"` inside a subquery would compare two
 * columns of the inner table; the outer column must be qualified.
 */
export function qualified(column: Column): SQL {
  return sql`${sql.identifier(getTableName(column.table))}.${sql.identifier(column.name)}`;
}
