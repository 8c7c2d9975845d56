// Moving a schedule off the top of the hour: the minute field is shifted so that minute 0
// becomes `target`, every other field (seconds, hours, days) stays as written. Nicknames are
// expanded first (@hourly -> '10 * * * *').

const NICKNAMES: Record<string, string> = {
  '@hourly': '0 * * * *',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@weekly': '0 0 * * 0',
  '@monthly': '0 0 1 * *',
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
};

/** The minute field shifted so that minute 0 moves to `target`, keeping how often it fires. */
function shiftMinuteField(field: string, target: number): string | undefined {
  if (/^\d+$/.test(field)) return String((Number(field) + target) % 60);
  if (/^\d+(,\d+)+$/.test(field)) return field.split(',').map((m) => (Number(m) + target) % 60).sort((a, b) => a - b).join(',');
  const step = /^(?:\*|0|0-59)\/(\d+)$/.exec(field);
  if (step) {
    const n = Number(step[1]);
    // Shifting a step by a multiple of itself would still hit :00; move within the step instead.
    const d = target % n || Math.min(n - 1, 2);
    if (d === 0) return undefined;
    if (60 % n === 0) return `${d}-59/${n}`;
    const values: number[] = [];
    for (let m = 0; m < 60; m += n) values.push((m + d) % 60);
    return values.sort((a, b) => a - b).join(',');
  }
  // A stepped range from 0 (`0-30/5`, the first half hour) moves within its step and keeps its length.
  const range = /^0-(\d+)\/(\d+)$/.exec(field);
  if (range) {
    const [end, n] = [Number(range[1]), Number(range[2])];
    const d = target % n || Math.min(n - 1, 2);
    if (d === 0 || end + d > 59) return undefined;
    return `${d}-${end + d}/${n}`;
  }
  return undefined;
}

/**
 * `expression` with its minute moved so that it no longer fires at minute 0: minute 0 becomes
 * `target` (lists and steps shift along). Undefined when the expression cannot be rewritten.
 */
export function moveOffTheHour(expression: string, target: number): string | undefined {
  // A time-zone prefix (`TZ=Europe/Paris 0 * * * *`, Inngest) stays in front of the moved schedule.
  const zone = /^((?:CRON_)?TZ=\S+\s+)(.*)$/s.exec(expression.trim());
  if (zone) {
    const moved = moveOffTheHour(zone[2], target);
    return moved === undefined ? undefined : `${zone[1]}${moved}`;
  }
  const trimmed = expression.trim();
  const expanded = NICKNAMES[trimmed.toLowerCase()] ?? trimmed;
  const fields = expanded.split(/\s+/);
  if (fields.length < 5 || fields.length > 7) return undefined;
  const minuteIndex = fields.length === 5 ? 0 : 1;
  const minute = fields[minuteIndex];
  const values = minute.split(',');
  // Only fields that include 0 need moving; the offset maps 0 to the target minute.
  if (!values.some((v) => v === '0' || v === '00' || v.startsWith('*/') || v.startsWith('0/') || /^0-\d+\//.test(v))) return undefined;
  const shifted = shiftMinuteField(minute.replace(/\b00\b/g, '0'), target);
  if (!shifted) return undefined;
  const out = [...fields];
  out[minuteIndex] = shifted;
  return out.join(' ');
}

/** FNV-1a: a stable hash of a job's identity, like Jenkins' `H`, without Jenkins' MD5. */
export function stableHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * A minute for this job that avoids :00, :15, :30 and :45 (everyone's favourites) and the
 * minutes other schedules already use, picked by a hash of the job's identity so it never moves
 * unless the job is renamed.
 */
export function hashedMinute(identity: string, usedMinutes: readonly number[]): number {
  const taken = new Set([0, 15, 30, 45, ...usedMinutes]);
  const allowed = Array.from({ length: 60 }, (_, m) => m).filter((m) => !taken.has(m));
  const pool = allowed.length ? allowed : Array.from({ length: 59 }, (_, m) => m + 1);
  return pool[stableHash(identity) % pool.length];
}

// `* * * * *`, and every 10 seconds of every minute: a schedule running every minute of every hour
// cannot be moved off :00 by shifting, but it can skip minute 0 (`1-59 * * * *`). Undefined for any
// other minute field.
export function skipMinuteZero(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length < 5 || fields.length > 7) return undefined;
  const minuteIndex = fields.length === 5 ? 0 : 1;
  if (!/^(\*|0-59|\*\/1)$/.test(fields[minuteIndex])) return undefined;
  const out = [...fields];
  out[minuteIndex] = '1-59';
  return out.join(' ');
}
