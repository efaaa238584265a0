import { type Document, isNode, LineCounter, parseDocument } from 'yaml';

/** A parsed YAML file that can say on which line any path of it stands. */
export interface YamlSource {
  readonly file: string;
  readonly data: unknown;
  readonly syntaxErrors: readonly { readonly line: number; readonly message: string }[];
  lineOf(path: readonly (string | number)[]): number;
}

export function parseYamlSource(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false });
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;
  return {
    file,
    data: doc.errors.length > 0 ? undefined : doc.toJS(),
    syntaxErrors: doc.errors.map((e) => ({ line: lineAt(e.pos[0]), message: e.message.split('\n')[0] ?? e.message })),
    lineOf(path) {
      // The deepest node that exists on the path: a missing key points at its parent.
      for (let depth = path.length; depth >= 0; depth--) {
        const node = doc.getIn(path.slice(0, depth), true);
        if (isNode(node) && node.range) return lineAt(node.range[0]);
      }
      return 1;
    },
  };
}
