// Every command and flag the README and docs/ tell a reader to type exists: it appears in the
// built CLI's own `--help`. Docs drift when a flag is renamed; this test catches the drift.
//
// What counts as "told to type": code (`inline` or fenced) that runs `ship <command> …`,
// `ebov-dash …` or `npm start -- …`, and the flag column of docs/api.md's configuration table.
// Other tools' flags in the docs (podman, docker, vitest) are not ours and are not checked.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify, stripVTControlCharacters } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { documents, lineOf, REPO_ROOT } from './docs.js';

const run = promisify(execFile);
const SHIP = path.join(REPO_ROOT, 'packages/ship/bin/ship.js');
const DASHBOARD = path.join(REPO_ROOT, 'packages/dashboard/bin/ebov-dash.js');

interface Mention {
  /** `file:line` */
  readonly where: string;
  readonly tool: 'ship' | 'ebov-dash';
  /** The ship command, e.g. `deploy` or `env list`; null for ebov-dash and for `ship --help`. */
  readonly command: string | null;
  readonly flags: readonly string[];
}

/** Code spans and fenced blocks, each as [offset, text]. */
function codeOf(text: string): [number, string][] {
  const code: [number, string][] = [];
  for (const m of text.matchAll(/```[^\n]*\n([\s\S]*?)```/g)) code.push([m.index ?? 0, m[1] ?? '']);
  const withoutFences = text.replace(/```[\s\S]*?```/g, (block) => ' '.repeat(block.length));
  for (const m of withoutFences.matchAll(/`([^`\n]+)`/g)) code.push([m.index ?? 0, m[1] ?? '']);
  return code;
}

const flagsIn = (segment: string) =>
  [...segment.matchAll(/(?<![\w-])--([a-z][a-z0-9-]*)/g)].map((m) => `--${m[1]}`);

function mentions(file: string, text: string, shipCommands: ReadonlySet<string>): Mention[] {
  const found: Mention[] = [];
  for (const [offset, code] of codeOf(text)) {
    for (const line of code.split('\n')) {
      const where = `${file}:${lineOf(text, offset) + (code.slice(0, code.indexOf(line)).split('\n').length - 1)}`;
      // One shell command per segment: stop at a pipe, `&&`, `;` or a comment.
      for (const segment of line.split(/\s(?:\|\||&&|\||;)\s|\s#\s/)) {
        const ship = /(?:^|[\s/])ship(?:\s+([a-z][a-z-]*)(?:\s+([a-z][a-z-]*))?)?((?:\s+.*)?)$/.exec(segment);
        if (ship && (ship[1] === undefined || shipCommands.has(ship[1]))) {
          const sub = ship[1] !== undefined && ship[2] !== undefined ? `${ship[1]} ${ship[2]}` : undefined;
          const command = sub !== undefined && shipCommands.has(sub) ? sub : (ship[1] ?? null);
          const rest = command === sub ? (ship[3] ?? '') : `${ship[2] ?? ''}${ship[3] ?? ''}`;
          found.push({ where, tool: 'ship', command, flags: flagsIn(rest) });
          continue;
        }
        const dash = /(?:^|[\s/])(?:ebov-dash|npm start --)((?:\s+.*)?)$/.exec(segment);
        if (dash) found.push({ where, tool: 'ebov-dash', command: null, flags: flagsIn(dash[1] ?? '') });
      }
    }
  }
  if (file === 'docs/api.md') {
    for (const m of text.matchAll(/^\| `(--[a-z][a-z0-9-]*)[^|]*\|/gm)) {
      found.push({
        where: `${file}:${lineOf(text, m.index ?? 0)}`,
        tool: 'ebov-dash',
        command: null,
        flags: [m[1] ?? ''],
      });
    }
  }
  return found;
}

async function help(bin: string, args: string[]): Promise<string> {
  const { stdout, stderr } = await run(process.execPath, [bin, ...args, '--help'], {
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 30_000,
  });
  // Colour codes would split a flag from its dashes.
  return stripVTControlCharacters(stdout + stderr);
}

/**
 * The commands a help text lists: the first one or two words of each entry of its "Commands"
 * section (an entry starts two spaces in; its description's wrapped lines start further in).
 */
function commandsIn(helpText: string): string[] {
  const at = helpText.search(/^commands/im);
  if (at === -1) return [];
  return [...helpText.slice(at).matchAll(/^ {2}([a-z][a-z-]*(?: [a-z][a-z-]*)?) {2,}\S/gm)].map(
    (m) => m[1] ?? '',
  );
}

describe('commands and flags in README.md and docs/', () => {
  let shipCommands = new Set<string>();
  const helpText = new Map<string, string>();

  beforeAll(async () => {
    const top = await help(SHIP, []);
    helpText.set('ship', top);
    const commands = new Set<string>();
    for (const entry of commandsIn(top)) {
      const [first = '', second] = entry.split(' ');
      commands.add(first);
      if (second !== undefined) commands.add(entry);
      // A group (`env`) lists its subcommands in its own help, with or without the group's name.
      for (const sub of commandsIn(await help(SHIP, [first]))) {
        commands.add(sub.startsWith(`${first} `) ? sub : `${first} ${sub}`);
      }
    }
    for (const command of commands) helpText.set(`ship ${command}`, await help(SHIP, command.split(' ')));
    shipCommands = new Set([...helpText.keys()].filter((k) => k.startsWith('ship ')).map((k) => k.slice(5)));
    helpText.set('ebov-dash', await help(DASHBOARD, []));
  });

  it('finds the ship commands in `ship --help`', () => {
    expect([...shipCommands]).toEqual(
      expect.arrayContaining(['build', 'deploy', 'destroy', 'plan', 'rollback', 'env list']),
    );
  });

  it('every command and flag the docs mention is in its --help', () => {
    const missing: string[] = [];
    let checked = 0;
    for (const { file, text } of documents()) {
      for (const mention of mentions(file, text, shipCommands)) {
        const key = mention.tool === 'ship' && mention.command ? `ship ${mention.command}` : mention.tool;
        const text = helpText.get(key);
        if (text === undefined) {
          missing.push(`${mention.where}: \`${key}\` is not a command`);
          continue;
        }
        for (const flag of mention.flags) {
          checked += 1;
          if (!new RegExp(`(?<![\\w-])${flag}(?![\\w-])`).test(text)) {
            missing.push(`${mention.where}: \`${key} ${flag}\` is not in \`${key} --help\``);
          }
        }
      }
    }
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThan(20);
  });

  it('would catch a flag the help does not have (the check can fail)', () => {
    const found = mentions(
      'docs/x.md',
      'Run `npx ship deploy --memroy 1024` or `ebov-dash --prot 1`.',
      shipCommands,
    );
    expect(found).toEqual([
      { where: 'docs/x.md:1', tool: 'ship', command: 'deploy', flags: ['--memroy'] },
      { where: 'docs/x.md:1', tool: 'ebov-dash', command: null, flags: ['--prot'] },
    ]);
    expect(helpText.get('ship deploy')).not.toMatch(/--memroy/);
  });
});
