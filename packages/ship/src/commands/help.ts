// `ship --help` and `ship <command> --help`, from the command table: wrapped
// to the terminal's width (80 columns when it is not a terminal), bold
// headings only on a terminal without NO_COLOR.
import type { CommandSpec } from './index.js';
import { commonFlags, type FlagSpec, type FlagSpecs } from './parse-args.js';

export const version = '0.1.0';
const tagline = 'Take a Node web app from source to a running, updatable service on Amazon ECS Fargate.';

export interface HelpStyle {
  columns: number;
  colour: boolean;
}

const heading = (text: string, style: HelpStyle) => (style.colour ? `\u001b[1m${text}\u001b[22m` : text);

/** Words of `text` in lines of at most `width` characters (a longer word is cut). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  const words = text
    .split(/\s+/)
    .filter(Boolean)
    .flatMap((word) => word.match(new RegExp(`.{1,${Math.max(width, 1)}}`, 'g')) ?? []);
  for (const word of words) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** Two columns: labels on the left, wrapped text on the right (below the label when the screen is narrow). */
function table(rows: Array<[string, string]>, style: HelpStyle): string[] {
  const indent = 2;
  const labelWidth = Math.min(Math.max(...rows.map(([label]) => label.length)), 30);
  const textWidth = style.columns - indent - labelWidth - 2;
  const out: string[] = [];
  for (const [label, text] of rows) {
    if (textWidth < 30) {
      out.push(`${' '.repeat(indent)}${label}`);
      for (const line of wrap(text, style.columns - indent - 4)) out.push(`${' '.repeat(indent + 4)}${line}`);
      continue;
    }
    const lines = wrap(text, textWidth);
    const pad = ' '.repeat(indent + labelWidth + 2);
    if (label.length > labelWidth) {
      out.push(`${' '.repeat(indent)}${label}`);
      for (const line of lines) out.push(`${pad}${line}`);
    } else {
      out.push(`${' '.repeat(indent)}${label.padEnd(labelWidth)}  ${lines[0] ?? ''}`.trimEnd());
      for (const line of lines.slice(1)) out.push(`${pad}${line}`);
    }
  }
  return out;
}

function flagLabel(name: string, spec: FlagSpec): string {
  const value = spec.type === 'string' ? ` ${spec.placeholder ?? '<value>'}` : '';
  const long = spec.negatable ? `--[no-]${name}` : `--${name}`;
  return `${spec.short ? `-${spec.short}, ` : '    '}${long}${value}`;
}

function flagText(spec: FlagSpec): string {
  const notes = [
    spec.multiple
      ? ''
      : spec.default !== undefined && spec.type === 'string'
        ? `(default: ${spec.default})`
        : '',
  ].filter(Boolean);
  return [spec.description, ...notes].join(' ');
}

export function usageLine(spec: Pick<CommandSpec, 'name' | 'positionals'>): string {
  const positionals = (spec.positionals ?? []).map((p) => (p.required ? `<${p.name}>` : `[${p.name}]`));
  return ['Usage: ship', spec.name, ...positionals, '[flags]'].join(' ');
}

export function commandHelp(spec: CommandSpec, style: HelpStyle): string {
  const flags: FlagSpecs = { ...spec.flags, ...commonFlags };
  const lines = [
    usageLine(spec),
    '',
    ...wrap(spec.summary + (spec.description ? `. ${spec.description}` : '.'), style.columns),
  ];
  if (spec.positionals?.length) {
    lines.push('', heading('Arguments:', style));
    lines.push(
      ...table(
        spec.positionals.map((p) => [`<${p.name}>`, p.description]),
        style,
      ),
    );
  }
  lines.push('', heading('Flags:', style));
  lines.push(
    ...table(
      Object.entries(flags).map(([name, flag]) => [flagLabel(name, flag), flagText(flag)]),
      style,
    ),
  );
  return `${lines.join('\n')}\n`;
}

export function mainHelp(commands: readonly CommandSpec[], style: HelpStyle, group?: string): string {
  const shown = group ? commands.filter((c) => c.name.startsWith(`${group} `)) : commands;
  const lines = [
    ...(group ? [] : wrap(`ship ${version}: ${tagline}`, style.columns)),
    ...(group ? [] : ['']),
    `Usage: ship ${group ? `${group} <command>` : '<command>'} [flags]`,
    '',
    heading('Commands:', style),
    ...table(
      shown.map((c) => [c.name, c.summary]),
      style,
    ),
    '',
    ...wrap(
      `Run \`ship ${group ? `${group} ` : ''}<command> --help\` for its flags. Every command takes --debug (stack traces) and --help.`,
      style.columns,
    ),
  ];
  return `${lines.join('\n')}\n`;
}
