import { type Document, isNode, LineCounter, parseDocument, visit } from 'yaml';

/** A parsed YAML file that can say on which line any path of it stands. */
export interface YamlSource {
  readonly file: string;
  readonly data: unknown;
  readonly syntaxErrors: readonly { readonly line: number; readonly message: string }[];
  lineOf(path: readonly (string | number)[]): number;
}

/** How many alias expansions one file may make; yaml's guard against "billion laughs". */
const MAX_ALIAS_COUNT = 100;

function firstAliasOffset(doc: Document): number {
  let offset = 0;
  visit(doc, {
    Alias(_key, node) {
      offset = node.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return offset;
}

export function parseYamlSource(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false });
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;
  const syntaxErrors = doc.errors.map((e) => ({ line: lineAt(e.pos[0]), message: e.message.split('\n')[0] ?? e.message }));
  let data: unknown;
  if (syntaxErrors.length === 0) {
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      // An alias bomb ("billion laughs"): refused as a problem of the file, at its first alias.
      syntaxErrors.push({ line: lineAt(firstAliasOffset(doc)), message: `${(error as Error).message} (at most ${MAX_ALIAS_COUNT} aliases expand)` });
    }
  }
  return {
    file,
    data,
    syntaxErrors,
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
