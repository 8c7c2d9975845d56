// Quick fixes for top-of-hour schedules: minute 0 moves to :10 (Yida's advice) or to a stable
// hashed minute that avoids :00/:15/:30/:45 and the minutes other schedules in this file and in the
// other analysed files of the workspace already use. A schedule that runs every minute keeps its
// cadence and skips minute 0 instead (`1-59 * * * *`).
// Hours, days and seconds stay as written; nicknames and CronExpression constants become strings.
import * as path from 'path';
import type { Fix } from '../model';
import type { TriggerStep } from '../analysis/facts/steps';
import type { RuleContext } from '../rules/types';
import { hashedMinute, moveOffTheHour, skipMinuteZero } from './cronShift';

export function scheduleFixes(ctx: RuleContext, trigger: TriggerStep): Fix[] {
  const t = trigger.trigger;
  if (t.type !== 'cron' || t.exprLoc.file !== ctx.file || t.perCall) return [];
  // A variable's string is edited where it is declared, so the variable stays.
  const span = (t.literalLoc ?? t.exprLoc).span;
  const source = ctx.text.slice(span.start, span.end);
  const literal = /^(['"`])(.*)\1$/s.exec(source);
  // A crontab writes its fields bare, as the line's first words.
  const bare = t.library === 'crontab';
  // A schedule made at run time (`${minute} ${hour} * * *` from a setting's default time) is moved
  // where the setting is: writing the default in its place would drop the setting.
  if (!bare && (literal ? source.includes('${') : !/^[\w$]+(\.[\w$]+)+$/.test(source))) return [];
  const quote = bare ? '' : literal ? literal[1] : ctx.layout.quote;
  const replace = (expression: string) => ({ span, newText: `${quote}${expression}${quote}` });
  const fixes: Fix[] = [];
  const skipped = skipMinuteZero(t.expression);
  if (skipped) {
    // Every minute of every hour: keep the cadence, leave out the :00 run.
    return [{ title: `Skip minute 0 ('${skipped}')`, edits: [replace(skipped)], safe: false, isPreferred: true, needsConfirmation: true }];
  }
  const atTen = moveOffTheHour(t.expression, 10);
  if (atTen) {
    fixes.push({ title: `Run at minute 10 instead ('${atTen}'), as Yida's throttling guide advises`, edits: [replace(atTen)], safe: false, isPreferred: true, needsConfirmation: true });
  }
  const used = [
    ...ctx.facts.schedules.flatMap((s) => (s.stats?.valid && s.exprLoc.span.start !== t.exprLoc.span.start ? s.stats.minutes : [])),
    ...ctx.otherScheduleMinutes(),
  ];
  const identity = `${path.basename(ctx.file)}:${t.expression}:${ctx.facts.schedules.findIndex((s) => s.exprLoc.span.start === t.exprLoc.span.start)}`;
  const minute = hashedMinute(identity, [...used, 10]);
  const hashed = moveOffTheHour(t.expression, minute);
  if (hashed && hashed !== atTen) {
    fixes.push({ title: `Run at a stable off-peak minute instead ('${hashed}')`, edits: [replace(hashed)], safe: false, needsConfirmation: true });
  }
  return fixes;
}
