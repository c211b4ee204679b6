// Every relative link in README.md and docs/*.md leads somewhere: the file (or folder) exists and,
// when the link names a heading (`file.md#anchor`), that heading exists in it.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { documents, headingAnchor, lineOf, REPO_ROOT } from './docs.js';

const LINK = /!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g;

function anchorsOf(file: string): Set<string> {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  const headings = [...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => headingAnchor(m[1] ?? ''));
  return new Set(headings);
}

function brokenLinks(file: string, text: string): string[] {
  const broken: string[] = [];
  for (const match of text.matchAll(LINK)) {
    const target = match[1] ?? '';
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // http:, https:, mailto:
    const [pathPart = '', anchor] = target.split('#');
    const resolved =
      pathPart === '' ? path.join(REPO_ROOT, file) : path.resolve(REPO_ROOT, path.dirname(file), pathPart);
    const where = `${file}:${lineOf(text, match.index ?? 0)}`;
    if (!existsSync(resolved)) {
      broken.push(`${where}: ${target}: no such file`);
      continue;
    }
    if (anchor !== undefined && statSync(resolved).isFile() && !anchorsOf(resolved).has(anchor)) {
      broken.push(`${where}: ${target}: no heading "#${anchor}" in ${path.relative(REPO_ROOT, resolved)}`);
    }
  }
  return broken;
}

describe('links in README.md and docs/', () => {
  const docs = documents();

  it('reads the README and the six topic documents', () => {
    expect(docs.map((d) => d.file)).toEqual(
      expect.arrayContaining([
        'README.md',
        'docs/api.md',
        'docs/container.md',
        'docs/dashboard.md',
        'docs/data.md',
        'docs/development.md',
        'docs/ship.md',
      ]),
    );
  });

  it.each(docs.map((d) => [d.file, d.text] as const))('%s: every relative link resolves', (file, text) => {
    expect(brokenLinks(file, text)).toEqual([]);
  });

  it('finds a broken link and a missing heading (the check can fail)', () => {
    const text = 'See [a](docs/nope.md) and [b](docs/ship.md#no-such-heading) and [c](https://example.org).';
    expect(brokenLinks('README.md', text)).toEqual([
      'README.md:1: docs/nope.md: no such file',
      'README.md:1: docs/ship.md#no-such-heading: no heading "#no-such-heading" in docs/ship.md',
    ]);
  });

  it('README stays short enough to read: about 150 lines', () => {
    const readme = docs.find((d) => d.file === 'README.md');
    expect(readme?.text.split('\n').length).toBeLessThanOrEqual(170);
  });
});
