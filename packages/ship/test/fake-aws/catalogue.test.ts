// The catalogue of AWS rules in README.md is kept honest: every entry cites an AWS source and is
// exercised by a test whose name carries its id, and every id a test names is in the catalogue.
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));

/** Catalogue entries: `- **[id]** text…` up to the next entry or blank line. */
async function catalogue(): Promise<Map<string, string>> {
  const text = await readFile(join(here, 'README.md'), 'utf8');
  const entries = new Map<string, string>();
  for (const match of text.matchAll(/^- \*\*\[([a-z0-9-]+)\]\*\*([\s\S]*?)(?=^- \*\*\[|^\s*$)/gm)) {
    entries.set(match[1] ?? '', match[2] ?? '');
  }
  return entries;
}

/** Ids named in test titles (`it('[<id>] …'`) of the fake's test files and their subfolders. */
async function testedIds(): Promise<Set<string>> {
  const ids = new Set<string>();
  const files = (await readdir(here, { recursive: true })).filter((f) => f.endsWith('.test.ts'));
  for (const file of files) {
    const text = await readFile(join(here, file), 'utf8');
    for (const match of text.matchAll(/\bit\(\s*['"`]\[([a-z0-9-]+)\]/g)) ids.add(match[1] ?? '');
  }
  return ids;
}

describe('the rules catalogue', () => {
  it('has entries, each citing an AWS document or a public issue', async () => {
    const entries = await catalogue();
    expect(entries.size).toBeGreaterThanOrEqual(10);
    for (const [id, text] of entries) {
      expect(text, id).toMatch(/\]\(https:\/\/(docs\.aws\.amazon\.com|github\.com)\//);
    }
  });

  it('every entry is exercised by a test named after it, and every named id is catalogued', async () => {
    const entries = [...(await catalogue()).keys()].sort();
    const tested = [...(await testedIds())].sort();
    expect(
      entries.filter((id) => !tested.includes(id)),
      'catalogued but untested',
    ).toEqual([]);
    expect(
      tested.filter((id) => !entries.includes(id)),
      'tested but not catalogued',
    ).toEqual([]);
  });
});
