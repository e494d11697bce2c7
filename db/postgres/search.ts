import { type SQL, sql } from "drizzle-orm";

/*
 * The delivery log's text search on PostgreSQL: the documents of `notification_search`
 * (db/postgres/migrations/0001), tokens being runs of letters and digits as on SQLite's FTS5
 * table. A search matches what SQLite's matches (searchExpression in lib/core/log-filters.ts):
 * each word a phrase of its letters and digits ("web-01" is "web" followed by "01"), the last
 * token of each a prefix, every word required, at most 8 words.
 */

const MAX_WORDS = 8;

/** The search as a tsquery's text, or null when no word has a letter or digit. */
export function postgresSearchQuery(q: string): string | null {
  const words = q
    .split(/\s+/)
    .map((word) => word.match(/[\p{L}\p{N}]+/gu) ?? [])
    .filter((tokens) => tokens.length > 0)
    .slice(0, MAX_WORDS);
  if (words.length === 0) return null;
  // Only letters and digits reach the query, each quoted: nothing typed is a tsquery operator.
  return words
    .map((tokens) => `${tokens.map((token) => `'${token}'`).join(" <-> ")}:*`)
    .join(" & ");
}

/**
 * The ids of the account's newest `limit` notifications whose document matches the words,
 * as a subquery for `notifications.id in (…)`; undefined when the words give no term.
 */
export function postgresSearchMatches(
  accountId: string,
  q: string,
  limit: number,
): SQL | undefined {
  const query = postgresSearchQuery(q);
  if (query === null) return undefined;
  return sql`select notification_id from (select notification_id from notification_search
    where account_id = ${accountId} and document @@ to_tsquery('simple', ${query})
    order by created_at desc limit ${limit}) as matched`;
}
