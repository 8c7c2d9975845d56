// Which classes of a project implement an interface (`class GoogleChatAdapter implements ChatAdapter`).
// A service that holds its client through an interface (`constructor(private adapter: ChatAdapter)`,
// the ports-and-adapters style) calls whichever implementation it was given; the binder asks this
// index for the candidates. Files are scanned once per project with a regular expression (a
// declaration is one line of text: no parse needed), and a changed file is rescanned on its own.
import * as path from 'path';
import { isSourceFile, listSourceFiles } from './files';

export interface Implementer { file: string; className: string }

/** More files than this under one root: the project is a monorepo or a home folder; stop scanning there. */
const MAX_FILES = 5000;

const CLASS_NAME = /\bclass\s+([A-Za-z_$][\w$]*)/g;

/** The interfaces each class of a file's text implements, by class name. */
export function implementedInterfaces(text: string): { className: string; interfaces: string[] }[] {
  if (!text.includes('implements')) return [];
  const out: { className: string; interfaces: string[] }[] = [];
  for (const m of text.matchAll(CLASS_NAME)) {
    // The heading runs to the body's `{`; a `{` inside type parameters (`<T extends { id: string }>`) is not it.
    let depth = 0;
    let end = m.index + m[0].length;
    for (; end < text.length; end++) {
      const ch = text[end];
      if (ch === '<') depth++;
      else if (ch === '>') depth--;
      else if ((ch === '{' && depth <= 0) || ch === ';' || ch === '(') break;
    }
    if (text[end] !== '{') continue;
    const heading = text.slice(m.index + m[0].length, end).replace(/<[^<>]*>/g, '').replace(/<[^<>]*>/g, '');
    const implemented = /\bimplements\s+([^]*)$/.exec(heading)?.[1];
    if (!implemented) continue;
    // `implements Foo<Bar>, ns.Baz`: the names without type arguments or namespaces.
    const interfaces = implemented.split(',').map((x) => x.trim().split('.').pop()!.trim()).filter((x) => /^[A-Za-z_$][\w$]*$/.test(x));
    if (interfaces.length) out.push({ className: m[1], interfaces });
  }
  return out;
}

export class ImplementersIndex {
  /** By project root: the classes of each file that implement something. */
  private readonly roots = new Map<string, Map<string, { className: string; interfaces: string[] }[]>>();

  constructor(private readonly read: (file: string) => string | undefined) {}

  /** Classes under `root` that declare `implements <interfaceName>`. */
  of(interfaceName: string, root: string): Implementer[] {
    const byFile = this.scanned(root);
    const out: Implementer[] = [];
    for (const [file, classes] of byFile) {
      for (const c of classes) if (c.interfaces.includes(interfaceName)) out.push({ file, className: c.className });
    }
    return out;
  }

  /** A file changed, appeared or went away: rescan it in every project already scanned that holds it. */
  update(file: string): void {
    for (const [root, byFile] of this.roots) {
      if (path.relative(root, file).startsWith('..')) continue;
      const text = this.read(file);
      const classes = text === undefined ? [] : implementedInterfaces(text);
      if (classes.length) byFile.set(file, classes);
      else byFile.delete(file);
    }
  }

  clear(): void {
    this.roots.clear();
  }

  private scanned(root: string): Map<string, { className: string; interfaces: string[] }[]> {
    let byFile = this.roots.get(root);
    if (byFile) return byFile;
    byFile = new Map();
    const files = listSourceFiles(root, root, [], MAX_FILES).filter(isSourceFile);
    if (files.length <= MAX_FILES) {
      for (const file of files) {
        const text = this.read(file);
        const classes = text === undefined ? [] : implementedInterfaces(text);
        if (classes.length) byFile.set(file, classes);
      }
    }
    this.roots.set(root, byFile);
    return byFile;
  }
}
