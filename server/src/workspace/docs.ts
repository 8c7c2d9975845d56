// Where a rule's documentation lives: the Markdown page shipped next to the bundle (docs/rules),
// so links work offline in VS Code, other editors and CI logs alike.
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';

/** dist/ is one level below the package root in the bundle; server/src/workspace is three levels below in sources. */
function docsRoot(): string {
  const candidates = [path.resolve(__dirname, '..', 'docs'), path.resolve(__dirname, '..', '..', '..', 'docs')];
  return candidates.find((c) => fs.existsSync(c)) ?? candidates[0];
}

export function ruleDocPath(ruleId: string): string {
  return path.join(docsRoot(), 'rules', `${ruleId}.md`);
}

export function ruleDocUri(ruleId: string): string {
  return pathToFileURL(ruleDocPath(ruleId)).toString();
}
