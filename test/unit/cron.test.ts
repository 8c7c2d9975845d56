// Counting cron runs per quota window: enumerated with croner, never divided; a seconds field
// with many seconds is a burst of one run a second within each minute it fires in.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { cronStats, maxRunsIn } from '../../server/src/analysis/cron';
import { newEnv } from '../../server/src/analysis/fileContext';
import { appEngineSchedule } from '../../server/src/analysis/libraries/schedulers';

function runs(expression: string, library: string, windows = [1, 60, 3600, 86400]): number[] {
  const stats = cronStats(expression, library, newEnv());
  assert.ok(stats.valid, `${expression} should be valid`);
  return windows.map((w) => maxRunsIn(stats, w));
}

describe('cron runs per window', () => {
  it('counts a step that does not divide the hour as it fires', () => {
    assert.deepEqual(runs('*/7 * * * *', 'node-cron'), [1, 1, 9, 216]);
  });

  it('counts every second of one hour as 3,600 runs that day, not a day of them', () => {
    assert.deepEqual(runs('* * 9 * * *', 'node-schedule'), [1, 60, 3600, 3600]);
  });

  it('counts a few seconds in every minute', () => {
    assert.deepEqual(runs('*/10 * * * * *', 'cron'), [1, 6, 360, 8640]);
    // Within 20 seconds: two of the six (:00 and :10, or :50 and the next minute's :00).
    assert.deepEqual(runs('*/10 * * * * *', 'cron', [20]), [2]);
    assert.deepEqual(runs('55-59 * * * * *', 'node-schedule', [10]), [5]);
  });

  it('counts one second a minute as the minutes', () => {
    assert.deepEqual(runs('30 */5 * * * *', 'node-cron'), [1, 1, 12, 288]);
  });
});

describe('App Engine schedules (Firebase, Cloud Scheduler)', () => {
  it('reads intervals, synchronized intervals, daily and weekday times', () => {
    assert.deepEqual(appEngineSchedule('every 5 minutes'), { ms: 300000 });
    assert.deepEqual(appEngineSchedule('every 1 hours'), { ms: 3600000 });
    assert.deepEqual(appEngineSchedule('every 2 hours synchronized'), { cron: '0 */2 * * *' });
    assert.deepEqual(appEngineSchedule('every 15 mins synchronized'), { cron: '*/15 * * * *' });
    assert.deepEqual(appEngineSchedule('every day 00:00'), { cron: '0 0 * * *' });
    assert.deepEqual(appEngineSchedule('Every Monday 9:05'), { cron: '5 9 * * 1' });
    assert.deepEqual(appEngineSchedule('every mon,wed, fri 18:30'), { cron: '30 18 * * 1,3,5' });
  });

  it('leaves forms it does not read unread rather than guessing', () => {
    for (const text of ['1st monday of month 09:00', 'every 2 hours from 08:00 to 18:00', 'every day 25:00', 'every someday 09:00', 'every 0 minutes']) {
      assert.equal(appEngineSchedule(text), undefined, text);
    }
  });
});
