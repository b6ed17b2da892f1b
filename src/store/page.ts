import type { PageResult } from '../core/ports.js';

/**
 * Lists fetch one row more than the page holds: its presence says there is a next page, whose cursor is the id of
 * the page's last item (ids sort by creation time, so lists order by id).
 */
export function toPage<Item extends { id: string }>(rows: Item[], limit: number): PageResult<Item> {
  const items = rows.slice(0, limit);
  const hasMore = rows.length > limit;
  return { items, nextCursor: hasMore && items.length > 0 ? items[items.length - 1]!.id : null };
}
