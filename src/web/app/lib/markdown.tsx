import { Fragment, type ReactNode } from 'react';

// A small, safe Markdown subset for comments: paragraphs, line breaks, **bold**, *italic*, `code`,
// [links](https://…) and @mentions. It builds React elements, never HTML, so a comment can't inject markup.

const INLINE = /(\*\*[^*]+\*\*|\*[^*\s][^*]*\*|`[^`]+`|\[[^\]]+\]\((?:https?:\/\/|\/)[^)\s]+\)|@[A-Za-z0-9][A-Za-z0-9._-]*)/g;

function inline(text: string, keyBase: string): ReactNode[] {
  return text.split(INLINE).map((part, i) => {
    const key = `${keyBase}-${i}`;
    if (part.startsWith('**') && part.endsWith('**') && part.length > 4) return <strong key={key}>{part.slice(2, -2)}</strong>;
    if (part.startsWith('`') && part.endsWith('`') && part.length > 2) return <code key={key}>{part.slice(1, -1)}</code>;
    if (part.startsWith('*') && part.endsWith('*') && part.length > 2) return <em key={key}>{part.slice(1, -1)}</em>;
    const link = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(part);
    if (link)
      return (
        <a key={key} href={link[2]} rel="noreferrer noopener">
          {link[1]}
        </a>
      );
    if (/^@[A-Za-z0-9]/.test(part))
      return (
        <span key={key} className="mention">
          {part}
        </span>
      );
    return <Fragment key={key}>{part}</Fragment>;
  });
}

/** A comment's Markdown as React elements. */
export function Markdown({ text }: { text: string }) {
  const paragraphs = text.split(/\n{2,}/).filter((p) => p.trim() !== '');
  return (
    <div className="markdown">
      {paragraphs.map((p, i) => {
        const lines = p.split('\n');
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs of one text, in order
          <p key={i}>
            {lines.map((line, j) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: lines of one paragraph, in order
              <Fragment key={j}>
                {j > 0 && <br />}
                {inline(line, `${i}-${j}`)}
              </Fragment>
            ))}
          </p>
        );
      })}
    </div>
  );
}
