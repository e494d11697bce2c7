import { type SQL, sql } from "drizzle-orm";
import { searchExpression } from "@/lib/core/log-filters";

/**
 * The ids of the account's newest notifications (at most `limit`) whose text matches the
 * words, by the FTS5 table of migration 0006; undefined when the words give no term.
 */
export function sqliteSearchMatches(accountId: string, q: string, limit: number): SQL | undefined {
  const expression = searchExpression(q);
  if (!expression) return undefined;
  return sql`select notification_id from (select notification_id from notification_search
    where notification_search match ${expression} and account_id = ${accountId}
    order by rowid desc limit ${limit})`;
}
