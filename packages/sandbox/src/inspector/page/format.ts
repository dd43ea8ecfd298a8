import type { LoggedRequestSummary } from '../../request-log.js';

/** `12:04:05.123` (UTC) from an ISO time. */
export function clock(iso: string): string {
  return iso.slice(11, 23);
}

/** `2026-12-01 12:04:05` (UTC) from an ISO time. */
export function dateTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** The provider's name as its docs spell it. */
export function providerName(provider: string | undefined): string {
  if (provider === 'keeta') return 'Keeta';
  if (provider === 'shoplazza') return 'Shoplazza';
  if (provider === 'kakaclo') return 'KakaClo';
  return 'no provider';
}

/** What a verdict badge says: `applied`, `refused 10003`, `fault`, … */
export function verdictLabel(request: LoggedRequestSummary): string {
  if (request.outcome === 'refused' && request.code !== undefined) {
    return `refused ${request.code}`;
  }
  return request.outcome;
}

/** The HTTP column: the status, or that no answer was sent. */
export function httpStatus(status: number): string {
  return status === 0 ? 'no answer' : String(status);
}

/** `a · b`, leaving out the missing parts. */
export function joined(...parts: (string | undefined)[]): string {
  return parts.filter((part) => part !== undefined && part !== '').join(' · ');
}
