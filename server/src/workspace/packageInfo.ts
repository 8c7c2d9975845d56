// Reads the nearest package.json for the quick fixes (dependencies, module type, Node engine).
import * as fs from 'fs';
import * as path from 'path';
import { NO_PROJECT, type ProjectInfo } from '../config/project';

export function projectInfoFor(file: string): ProjectInfo {
  for (let d = path.dirname(path.resolve(file)); ; d = path.dirname(d)) {
    const candidate = path.join(d, 'package.json');
    if (fs.existsSync(candidate)) {
      try {
        const pkg = JSON.parse(fs.readFileSync(candidate, 'utf8')) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string>; type?: string; engines?: { node?: string } };
        return {
          dependencies: { ...(pkg.devDependencies ?? {}), ...(pkg.dependencies ?? {}) },
          type: pkg.type === 'module' ? 'module' : 'commonjs',
          nodeEngine: pkg.engines?.node,
        };
      } catch {
        return NO_PROJECT;
      }
    }
    if (path.dirname(d) === d) return NO_PROJECT;
  }
}
