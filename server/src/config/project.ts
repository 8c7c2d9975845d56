// What quick fixes need to know about the user's project (read from its package.json by the
// server or the CLI; analysis itself never reads files): dependencies and the Node engine.
export interface ProjectInfo {
  dependencies: Record<string, string>;
  /** "module" or "commonjs" (package.json "type"). */
  type: 'module' | 'commonjs';
  /** The `engines.node` range, e.g. ">=20". */
  nodeEngine?: string;
}

export const NO_PROJECT: ProjectInfo = { dependencies: {}, type: 'commonjs' };

/** The major version of a dependency range ("^6.1.0" -> 6), when readable. */
export function majorOf(range: string | undefined): number | undefined {
  const m = range ? /(\d+)/.exec(range) : null;
  return m ? Number(m[1]) : undefined;
}

/** The lowest Node major the project supports, from engines.node (">=18", "^20.10", "20.x"). */
export function minNode(info: ProjectInfo): number | undefined {
  return majorOf(info.nodeEngine);
}
