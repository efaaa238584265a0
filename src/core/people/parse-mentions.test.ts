import { describe, expect, it } from 'vitest';
import { parseMentions, resolveMentions } from './parse-mentions.ts';

describe('parseMentions', () => {
  it('finds each @name once, lower-cased, but not in code or e-mail addresses', () => {
    expect(parseMentions('Thanks @Ana and @qa, again @ana. See `@nobody` and mail bo@example.com\n```\n@fenced\n```\n(@quinn)')).toEqual(['ana', 'qa', 'quinn']);
  });
  it('drops a trailing full stop or dash', () => {
    expect(parseMentions('ask @ana.lima. or @bo-')).toEqual(['ana.lima', 'bo']);
  });
});

describe('resolveMentions', () => {
  const users = [
    { name: 'ana', roles: ['editor'] },
    { name: 'Quinn', roles: ['qa', 'editor'] },
    { name: 'qin', roles: ['qa'] },
  ];
  it('reaches a user by name and a team (role) by its members', () => {
    expect(resolveMentions(['quinn', 'qa', 'zed'], users)).toEqual({ people: ['Quinn', 'qin'], teams: ['qa'], unknown: ['zed'] });
  });
});
