// Command-line parsing for `quota-lint [report] [paths...] [options]`. Bad usage is reported
// with a message naming the problem (exit code 2), never with a stack trace.
export interface CliOptions {
  command: 'lint' | 'report';
  paths: string[];
  format: 'stylish' | 'json' | 'sarif';
  exitZero: boolean;
  maxWarnings: number | undefined;
  quiet: boolean;
  config?: string;
  help: boolean;
  version: boolean;
}

export class UsageError extends Error {}

export const USAGE = `Usage: quota-lint [report] [paths...] [options]

Lints TypeScript/JavaScript files that call Yida, Google Chat or Oxylabs for quota risks.
Folders are searched recursively; node_modules and .gitignore'd files are skipped.

Commands:
  (default)            lint and print findings
  report               print the inventory of call sites, schedules and findings

Options:
  -f, --format <name>  stylish (default), json or sarif; report supports json
  -c, --config <file>  use this quota-lint.json instead of the nearest one
  --max-warnings <n>   exit 1 when there are more than n warnings
  --quiet              report errors only
  --exit-zero          exit 0 even when errors are found (usage errors still exit 2)
  -h, --help           show this help
  -v, --version        print the version

Exit codes: 0 no errors, 1 errors found (or too many warnings), 2 bad usage or unreadable input.`;

export function parseArgs(argv: string[]): CliOptions {
  const o: CliOptions = { command: 'lint', paths: [], format: 'stylish', exitZero: false, maxWarnings: undefined, quiet: false, help: false, version: false };
  const args = [...argv];
  if (args[0] === 'report') { o.command = 'report'; args.shift(); }
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = (): string => {
      const eq = a.indexOf('=');
      if (eq > 0) return a.slice(eq + 1);
      const v = args[++i];
      if (v === undefined) throw new UsageError(`option ${a} needs a value`);
      return v;
    };
    const name = a.includes('=') ? a.slice(0, a.indexOf('=')) : a;
    switch (name) {
      case '-f': case '--format': {
        const f = value();
        if (f !== 'stylish' && f !== 'json' && f !== 'sarif') throw new UsageError(`unknown format "${f}" (use stylish, json or sarif)`);
        o.format = f;
        break;
      }
      case '-c': case '--config': o.config = value(); break;
      case '--max-warnings': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 0) throw new UsageError('--max-warnings needs a non-negative whole number');
        o.maxWarnings = n;
        break;
      }
      case '--quiet': o.quiet = true; break;
      case '--exit-zero': o.exitZero = true; break;
      case '-h': case '--help': o.help = true; break;
      case '-v': case '--version': o.version = true; break;
      default:
        if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
        o.paths.push(a);
    }
  }
  if (o.command === 'report' && o.format === 'stylish') o.format = 'json';
  if (o.command === 'report' && o.format !== 'json') throw new UsageError('report prints JSON only (--format json)');
  if (!o.paths.length) o.paths.push('.');
  return o;
}
