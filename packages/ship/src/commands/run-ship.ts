// `ship <command> [flags]` as a function: finds the command in the table,
// parses its flags strictly, runs it, and turns the outcome into an exit
// code: 0, 1 for a UserError (message and next step, no stack trace), 2 for
// a mistake in the command line (usage line and "did you mean"), 70 for a
// bug (stack trace). cli.ts calls it with the process; tests call it with
// strings.
import { awsServerFailure } from '../aws/aws-errors.js';
import { isUserError } from '../errors.js';
import { type CommandIo, useColour } from './command-io.js';
import { commandHelp, type HelpStyle, mainHelp, usageLine, version } from './help.js';
import { type CommandSpec, commands } from './index.js';
import { closest, parseCommandLine, UsageError } from './parse-args.js';

export async function runShip(argv: readonly string[], io: CommandIo): Promise<number> {
  const style: HelpStyle = {
    columns: io.stdout.isTTY && io.stdout.columns ? io.stdout.columns : 80,
    colour: useColour(io, io.stdout),
  };
  const debug = argv.includes('--debug') || io.env.SHIP_DEBUG === '1';
  const [first, second] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.stdout.write(mainHelp(commands, style));
    return 0;
  }
  if (first === '--version' || first === '-v' || first === 'version') {
    io.stdout.write(`${version}\n`);
    return 0;
  }
  const spec =
    commands.find((c) => c.name === `${first} ${second}`) ?? commands.find((c) => c.name === first);
  if (!spec) return unknownCommand(argv, io, style);
  const rest = argv.slice(spec.name.split(' ').length);
  try {
    const parsed = parseCommandLine(rest, spec.flags, spec.positionals);
    if (parsed.help) {
      io.stdout.write(commandHelp(spec, style));
      return 0;
    }
    const command = await spec.load();
    const code = await command.default({ ...parsed.flags, positionals: parsed.positionals } as never, io);
    return typeof code === 'number' ? code : 0;
  } catch (error) {
    return report(error, spec, io, debug);
  }
}

function unknownCommand(argv: readonly string[], io: CommandIo, style: HelpStyle): number {
  const [first, second] = argv;
  const groups = [...new Set(commands.filter((c) => c.name.includes(' ')).map((c) => c.name.split(' ')[0]!))];
  if (first && groups.includes(first)) {
    if (second === '--help' || second === '-h') {
      io.stdout.write(mainHelp(commands, style, first));
      return 0;
    }
    if (second === undefined) {
      io.stderr.write(mainHelp(commands, style, first));
      return 2;
    }
    const subcommands = commands
      .filter((c) => c.name.startsWith(`${first} `))
      .map((c) => c.name.split(' ')[1]!);
    const near = closest(second, subcommands);
    io.stderr.write(`Usage: ship ${first} <command> [flags]\n✘ unknown command "${first} ${second}"\n`);
    io.stderr.write(
      `  → ${near ? `did you mean \`ship ${first} ${near}\`? ` : ''}commands: ${subcommands.join(', ')}\n`,
    );
    return 2;
  }
  const near = first?.startsWith('-')
    ? undefined
    : closest(first ?? '', [...commands.map((c) => c.name.split(' ')[0]!), 'help']);
  io.stderr.write(
    `Usage: ship <command> [flags]\n✘ ${first?.startsWith('-') ? `unknown flag ${first}` : `unknown command "${first}"`}\n`,
  );
  io.stderr.write(
    `  → ${near ? `did you mean \`ship ${near}\`? ` : ''}run \`ship --help\` for the commands\n`,
  );
  return 2;
}

function report(error: unknown, spec: CommandSpec, io: CommandIo, debug: boolean): number {
  if (error instanceof UsageError) {
    io.stderr.write(`${usageLine(spec)}\n✘ ${error.message}\n`);
    if (error.hint) io.stderr.write(`  → ${error.hint}\n`);
    io.stderr.write(`  → run \`ship ${spec.name} --help\` for its flags\n`);
    return 2;
  }
  if (isUserError(error)) {
    io.stderr.write(`✘ ${error.message}\n`);
    if (error.hint) io.stderr.write(`  → ${error.hint}\n`);
    if (debug && error.stack) io.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  // A call AWS failed (5xx) after the SDK's retries is AWS's error, whichever command made it.
  const server = awsServerFailure(error);
  if (server) {
    io.stderr.write(`✘ ${server.message}\n  → ${server.hint}\n`);
    if (debug && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    return 1;
  }
  io.stderr.write('✘ ship hit a bug; please report it with the output below.\n');
  io.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 70;
}
