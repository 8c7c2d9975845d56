// How one file's analysis sees the rest of the workspace: import resolution and the models of
// other files (their exports and function summaries). The server and the CLI implement it over
// their own file stores; analysis code only ever reads through this interface.
import type { FnRef, Val } from './values';
import type { Loc } from '../model';
import type { DelayInfo, Effect, Summary } from './facts/summaries';
import * as path from 'path';
import type { PackageScripts } from './githubWorkflows';

export interface FileModelApi {
  exportVal(name: string): Val;
  returnOf(fnPos: number, args: Val[]): Val;
  summary(fnPos: number): Summary;
  delayInfo(fnPos: number): DelayInfo | undefined;
  classMember(classPos: number, name: string, isStatic: boolean): Val;
  /** The constructor of a class of the file, if it declares one. */
  constructorRef?(classPos: number): FnRef | undefined;
  /**
   * The value the file assigns to `receiver.prop`: `app.utils = utils` in an egg boot file
   * (`module.exports = (app) => {…}` or the `AppBootHook` class), `config.dingding = {…}` in egg's
   * config/config.default.js.
   */
  assignedOn?(receiver: string, prop: string): Val;
  /** Whether a function of the file is written inline as an argument (`new CacheAble({ async handler() {…} })`). */
  isInlineArgument?(fnPos: number): boolean;
  /** Whether a function of the file calls its parameter `index` (or that parameter's `prop`). */
  callsParameter?(fnPos: number, index: number, prop?: string): boolean;
  /** The methods `new Ctor()` has when the file declares them on `Ctor.prototype`. */
  prototypeObject?(ctorName: string): Val | undefined;
  /** Whether a function of the file returns a function that calls its parameter `index` (`asyncHandler(fn)`). */
  returnsCallerOfParameter?(fnPos: number, index: number): boolean;
  /** Whether parameter `index` of a function of the file is an event callback (`onToolCall`). */
  isEventParameter?(fnPos: number, index: number): boolean;
  /** Where a function of the file calls itself (`return this.getUserLists(list, options, offset)`). */
  selfCalls?(fnPos: number): Loc[];
  /**
   * The API calls one request to an exported route handler makes (`GET` of a Next.js route, the
   * default export of a Vercel Function), looking through a wrapper applied where it is exported.
   */
  handlerEffects?(exportName: string, request?: Val): Effect[];
  /** The API calls of the handlers an Express-style app registers for a path (`app.get('/api/cron', …)`). */
  routeEffects?(routePath: string): Effect[];
  /**
   * The API calls one run of the file as a script makes (`node scripts/notify.js` in a scheduled
   * workflow): its top-level statements and what they call, not the timers it starts.
   */
  scriptEffects?(): Effect[];
  /**
   * The API calls of a Cloudflare Worker's cron handler: `export default { scheduled(…) {…} }`, or
   * the service-worker form `addEventListener('scheduled', …)`.
   */
  scheduledHandlerEffects?(): Effect[];
}

export interface WorkspaceIndex {
  /** A workspace file for a relative or tsconfig-`paths` import, or undefined for packages. */
  resolveImport(fromFile: string, specifier: string): string | undefined;
  /** The model of another workspace file, computed on demand; undefined if unknown or in a cycle. */
  model(fileName: string): FileModelApi | undefined;
  /**
   * Minutes of the hour at which the schedules of the other files analysed so far fire (open files in
   * the editor, every linted file in the CLI): a moved schedule avoids them.
   */
  scheduleMinutes?(exceptFile: string): number[];
  /** The scripts and `main` of the package.json in a folder (for the scripts a workflow runs). */
  packageScripts?(dir: string): PackageScripts | undefined;
  /** The service URL a committed `.env.example` (or sibling) near `fromFile` gives a setting as its example. */
  settingExampleUrl?(fromFile: string, name: string): string | undefined;
  /** Whether a folder is a project's root (it holds a package.json or .git): lookups for the project's own files stop there. */
  isProjectRoot?(dir: string): boolean;
  /** Classes of `fromFile`'s project that declare `implements <interfaceName>`. */
  implementersOf?(interfaceName: string, fromFile: string): { file: string; className: string }[];
  /** The `name` of the nearest package.json above `fromFile` (`pm2-googlechat`). */
  packageName?(fromFile: string): string | undefined;
  /**
   * A JSON data file a module requires (`require('./pos-node-addresses.json')`), read as data:
   * `found` false when the project does not hold it (kept out of git), `value` undefined when it
   * does not parse or is too big to read.
   */
  jsonData?(fromFile: string, specifier: string): { found: boolean; value?: unknown };
}

export const EMPTY_INDEX: WorkspaceIndex = {
  resolveImport: () => undefined,
  model: () => undefined,
};

/**
 * The folders a file's relative lookups (its app's routes, its scripts) may start from: its own,
 * then each above it, up to its project's root (at most `max`).
 */
export function foldersUpToProjectRoot(file: string, index: WorkspaceIndex, max: number): string[] {
  const dirs: string[] = [];
  for (let dir = path.dirname(file); dirs.length < max; dir = path.dirname(dir)) {
    dirs.push(dir);
    if (index.isProjectRoot?.(dir) || path.dirname(dir) === dir) break;
  }
  return dirs;
}
