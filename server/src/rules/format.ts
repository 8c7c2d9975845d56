// Shared wording for rule messages, so every rule states windows and limits the same way.
import type { Quota } from '../catalog';

export function windowPhrase(seconds: number): string {
  switch (seconds) {
    case 1: return 'one second';
    case 60: return 'one minute';
    case 3600: return 'one hour';
    case 86400: return 'one day';
    default: return seconds % 3600 === 0 ? `${seconds / 3600} hours` : seconds % 60 === 0 ? `${seconds / 60} minutes` : `${seconds} seconds`;
  }
}

function per(seconds: number): string {
  switch (seconds) {
    case 1: return '/s';
    case 60: return '/min';
    case 3600: return '/hour';
    case 86400: return '/day';
    default: return ` per ${windowPhrase(seconds)}`;
  }
}

/** "60/min", "10 jobs/s", "10000 per 20 seconds". */
export function limitPhrase(q: Quota): string {
  return `${q.limit}${q.unit ? ` ${q.unit}` : ''}${per(q.windowSeconds)}`;
}

export function countPhrase(n: number): string {
  if (!Number.isFinite(n)) return 'an unbounded number of';
  return `up to ${String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
}

export function scopePhrase(q: Quota): string {
  return q.scopeKey ? ` to one ${q.scopeKey}` : '';
}

/** The spacing that keeps calls within the quota: "1000 ms" for 60/min. */
export function spacingMs(q: Quota): number {
  return Math.ceil((q.windowSeconds * 1000) / (q.limit ?? 1));
}

/** "60 Google Chat message writes per minute". */
export function allowsPhrase(q: Quota, noun: string): string {
  const per = q.windowSeconds === 1 ? 'second' : q.windowSeconds === 60 ? 'minute' : q.windowSeconds === 3600 ? 'hour' : windowPhrase(q.windowSeconds);
  return `${q.limit} ${noun} per ${per}`;
}
