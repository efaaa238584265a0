/** The file URL of a compiled entry point (default `main`, the CLI), built first when missing or stale (ADR 065). */
export function compiledEntry(name?: string): Promise<string>;
