// The layers hold (STYLE.md "pure core, thin edges"): only src/aws/ talks to
// the AWS SDK; the pure models (deploy/, ops/, image/) do no I/O; every AWS
// call is written once, and every SDK client is made in one place.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const src = join(import.meta.dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

interface Source {
  path: string;
  text: string;
  /** Module specifiers of static and dynamic imports and re-exports. */
  imports: string[];
}

export function importsOf(text: string): string[] {
  const specifiers: string[] = [];
  for (const match of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm))
    specifiers.push(match[1]!);
  return specifiers;
}

const files: Source[] = sourceFiles(src).map((file) => {
  const text = readFileSync(file, 'utf8');
  return { path: relative(src, file).replaceAll('\\', '/'), text, imports: importsOf(text) };
});

const sdk = /^@(aws-sdk|smithy)\//;
// Modules that reach the outside world; node:crypto, node:zlib, node:stream and node:util compute.
const io =
  /^node:(fs|fs\/promises|net|http|https|http2|tls|dgram|dns|child_process|readline|readline\/promises|process|os|worker_threads|cluster)$/;
const pureFolders = ['deploy/', 'ops/', 'image/'];

describe('layers', () => {
  it('reads the source tree (a check over no files would pass vacuously)', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(files.some((f) => f.path.startsWith('aws/') && f.imports.some((i) => sdk.test(i)))).toBe(true);
  });

  it('finds imports of every form it checks', () => {
    expect(
      importsOf(
        "import { A } from '@aws-sdk/client-ecs';\nimport '@aws-sdk/x';\nexport * from \"node:fs\";\nawait import('node:net');",
      ),
    ).toEqual(['@aws-sdk/client-ecs', '@aws-sdk/x', 'node:fs', 'node:net']);
  });

  it('nothing outside src/aws imports the AWS SDK', () => {
    const offenders = files
      .filter((f) => !f.path.startsWith('aws/'))
      .flatMap((f) => f.imports.filter((i) => sdk.test(i)).map((i) => `${f.path} imports ${i}`));
    expect(offenders).toEqual([]);
  });

  it('the pure models (deploy/, ops/, image/) import neither the SDK nor node: I/O modules', () => {
    const offenders = files
      .filter((f) => pureFolders.some((folder) => f.path.startsWith(folder)))
      .flatMap((f) =>
        f.imports
          .filter((i) => sdk.test(i) || io.test(i) || i.includes('/aws/'))
          .map((i) => `${f.path} imports ${i}`),
      );
    expect(offenders).toEqual([]);
  });

  it('every AWS call is written in one file, and SDK clients are made in one place', () => {
    const written = new Map<string, string[]>();
    for (const f of files) {
      // Which package each imported name comes from, so that ECR's and Logs' ListTagsForResource differ.
      const origin = new Map<string, string>();
      for (const m of f.text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'(@aws-sdk\/[^']+)'/g)) {
        for (const name of m[1]!.split(',')) {
          const [imported, local] = name
            .replace(/\btype\b/, '')
            .trim()
            .split(/\s+as\s+/);
          if (imported) origin.set((local ?? imported).trim(), `${m[2]} ${imported.trim()}`);
        }
      }
      for (const m of f.text.matchAll(/new\s+(\w+Command)\s*\(/g)) {
        const call = origin.get(m[1]!) ?? m[1]!;
        written.set(call, [...(written.get(call) ?? []), f.path]);
      }
    }
    expect(written.size).toBeGreaterThan(60);
    const twice = [...written]
      .filter(([, where]) => where.length > 1)
      .map(([call, where]) => `${call}: ${where.join(', ')}`);
    expect(twice).toEqual([]);
    // Service modules hand their client class to serviceClient(); only it calls `new`.
    const sdkClientsMade = files.flatMap((f) =>
      [...f.text.matchAll(/new\s+(\w+Client)\s*\(/g)]
        .filter((m) => new RegExp(`\\b${m[1]}\\b[^;]*from\\s*'@aws-sdk/`).test(f.text))
        .map((m) => `${f.path}: new ${m[1]}`),
    );
    expect(sdkClientsMade).toEqual([]);
    expect(
      files.filter((f) => /new Client\(clientConfig\(context\)\)/.test(f.text)).map((f) => f.path),
    ).toEqual(['aws/aws-context.ts']);
  });
});
