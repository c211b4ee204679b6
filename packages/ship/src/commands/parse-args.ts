// The command line, strictly: every flag must be one the command declares
// (a typo is an error with a "did you mean", never a silently ignored flag),
// string flags need a value, boolean flags take none (`--no-wait` is how a
// default-on flag is turned off), and positionals are counted. Built on
// node:util parseArgs's tokens; the checks are ours so the errors can name
// the flag and the closest match.
import { parseArgs } from 'node:util';

export interface FlagSpec {
  type: 'string' | 'boolean';
  description: string;
  /** One letter, e.g. `y` for `-y`. */
  short?: string;
  default?: string | boolean;
  /** Repeatable: the values are collected in order. */
  multiple?: boolean;
  /** A boolean that defaults on; `--no-<name>` turns it off. */
  negatable?: boolean;
  /** What the value is, in the help: `--since <when>`. */
  placeholder?: string;
}

export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

export interface PositionalSpec {
  name: string;
  description: string;
  required?: boolean;
}

type FlagValue<F extends FlagSpec> = F extends { multiple: true }
  ? string[]
  : F extends { type: 'boolean' }
    ? F extends { default: boolean }
      ? boolean
      : boolean | undefined
    : F extends { default: string }
      ? string
      : string | undefined;

export type FlagValues<F extends FlagSpecs> = { -readonly [K in keyof F]: FlagValue<F[K]> };

/** A mistake in the command line: the CLI prints the usage line and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export interface ParsedLine {
  flags: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  help: boolean;
}

/** The flags every command takes besides its own. */
export const commonFlags: FlagSpecs = {
  help: { type: 'boolean', short: 'h', description: 'Show this help' },
  debug: { type: 'boolean', description: 'On an error, also print the stack trace' },
};

export function parseCommandLine(
  argv: readonly string[],
  flags: FlagSpecs,
  positionals: readonly PositionalSpec[] = [],
): ParsedLine {
  const all = { ...commonFlags, ...flags };
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, spec] of Object.entries(all)) {
    options[name] = {
      type: spec.type,
      ...(spec.short ? { short: spec.short } : {}),
      ...(spec.multiple ? { multiple: true } : {}),
    };
    if (spec.negatable) options[`no-${name}`] = { type: 'boolean' };
  }
  const { tokens } = parseArgs({
    args: [...argv],
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const values: ParsedLine['flags'] = {};
  const found: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') {
      found.push(token.value);
      continue;
    }
    if (token.kind !== 'option') continue;
    const negated = token.name.startsWith('no-') && all[token.name.slice(3)]?.negatable;
    const name = negated ? token.name.slice(3) : token.name;
    const spec = all[name];
    if (!spec) {
      throw new UsageError(`unknown flag ${token.rawName}`, suggestion(token.rawName, all));
    }
    if (spec.type === 'boolean') {
      if (token.inlineValue) {
        throw new UsageError(
          `${token.rawName} takes no value (got "${token.value}")`,
          spec.negatable ? `use ${token.rawName} or --no-${name}` : `use ${token.rawName} alone`,
        );
      }
      values[name] = !negated;
      continue;
    }
    const value = token.value;
    if (value === undefined || (!token.inlineValue && value.startsWith('-') && value.length > 1)) {
      throw new UsageError(
        `${token.rawName} needs a value${value === undefined ? '' : `; got the flag ${value}`}`,
        `e.g. ${token.rawName} ${spec.placeholder ?? '<value>'}`,
      );
    }
    if (spec.multiple) values[name] = [...((values[name] as string[] | undefined) ?? []), value];
    else values[name] = value;
  }
  for (const [name, spec] of Object.entries(flags)) {
    if (values[name] === undefined && spec.default !== undefined) values[name] = spec.default;
    if (values[name] === undefined && spec.multiple) values[name] = [];
  }
  const help = values.help === true;
  if (!help) {
    if (found.length > positionals.length) {
      const extra = found[positionals.length]!;
      throw new UsageError(
        `unexpected argument "${extra}"`,
        extra.startsWith('-') ? undefined : 'flags take their value after them, e.g. --env beta',
      );
    }
    const missing = positionals.slice(found.length).find((p) => p.required);
    if (missing) throw new UsageError(`missing <${missing.name}>: ${missing.description}`);
  }
  return { flags: values, positionals: found, help };
}

/** "did you mean --env?" for the closest flag, when one is close enough to be a typo. */
function suggestion(raw: string, flags: FlagSpecs): string | undefined {
  const names = Object.entries(flags).flatMap(([name, spec]) => [
    `--${name}`,
    ...(spec.negatable ? [`--no-${name}`] : []),
  ]);
  const typed = raw.split('=')[0]!.startsWith('--') ? raw.split('=')[0]! : `--${raw.replace(/^-+/, '')}`;
  const best = closest(typed, names);
  return best ? `did you mean ${best}?` : 'see the flags above';
}

/** The candidate nearest to `word` (edit distance, or `word` a prefix of it), if near enough. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const d = candidate.startsWith(word) && word.length >= 4 ? 1 : distance(word, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const allowed = Math.max(2, Math.floor(word.replace(/^-+/, '').length / 3));
  return bestDistance <= allowed ? best : undefined;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}
