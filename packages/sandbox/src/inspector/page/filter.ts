import type { LoggedRequestSummary } from '../../request-log.js';

/** The request log's filters as the page's form holds them (`''`: any). */
export interface RequestFilter {
  /** A provider, `none` for paths under no provider, or `''`. */
  provider: string;
  /** Part of an order id (a substring, so a long Keeta id can be typed in part). */
  order: string;
  /** A verdict (`applied`, `refused`, …) or `''`. */
  outcome: string;
}

/** Whether a logged request passes the filter. */
function matches(request: LoggedRequestSummary, filter: RequestFilter): boolean {
  if (filter.provider !== '') {
    if ((request.provider ?? 'none') !== filter.provider) return false;
  }
  if (filter.outcome !== '' && request.outcome !== filter.outcome) return false;
  const order = filter.order.trim();
  if (order !== '' && !(request.orderId ?? '').includes(order)) return false;
  return true;
}

/**
 * The newest `limit` requests that pass the filter (newest first), and how many pass in all.
 * One pass from the newest end, stopping the row list at `limit`: the page renders at most
 * `limit` rows however long the log is.
 */
export function newestMatching(
  requests: readonly LoggedRequestSummary[],
  filter: RequestFilter,
  limit: number,
): { rows: LoggedRequestSummary[]; matching: number } {
  const rows: LoggedRequestSummary[] = [];
  let matching = 0;
  for (let i = requests.length - 1; i >= 0; i--) {
    const request = requests[i];
    if (request === undefined || !matches(request, filter)) continue;
    matching++;
    if (rows.length < limit) rows.push(request);
  }
  return { rows, matching };
}
