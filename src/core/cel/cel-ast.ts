/** The slice of @marcbachmann/cel-js's AST that eos walks: `{op, args}` nodes. */
export interface AstNode {
  readonly op: string;
  readonly args: unknown;
  readonly pos?: number;
}

export function isAstNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && 'op' in value && 'args' in value;
}

/** A string literal node's value, or undefined when the node is anything else. */
export function stringLiteral(node: unknown): string | undefined {
  return isAstNode(node) && node.op === 'value' && typeof node.args === 'string' ? node.args : undefined;
}

/** The identifier a node names (`record` in `record.X`), or undefined. */
export function identifier(node: unknown): string | undefined {
  return isAstNode(node) && node.op === 'id' && typeof node.args === 'string' ? node.args : undefined;
}

/** Children of a node, in source order, whatever the node's argument shape. */
export function childNodes(node: AstNode): AstNode[] {
  const out: AstNode[] = [];
  const visit = (value: unknown): void => {
    if (isAstNode(value)) out.push(value);
    else if (Array.isArray(value)) for (const item of value) visit(item);
  };
  visit(node.args);
  return out;
}
