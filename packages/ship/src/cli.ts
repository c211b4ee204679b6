#!/usr/bin/env node
// Entry point of `ship`: the only place that prints errors or sets the exit
// code (STYLE.md). Commands return or throw; a UserError prints its message
// and next step, anything else is a bug and prints its stack.
import { type CommandDef, defineCommand, renderUsage, runCommand, showUsage } from 'citty';
import { commands } from './commands/index.js';
import { isUserError } from './errors.js';

const main = defineCommand({
  meta: {
    name: 'ship',
    version: '0.1.0',
    description: 'Take a Node web app from source to a running, updatable service on Amazon ECS Fargate.',
  },
  subCommands: commands,
});

async function resolve(cmd: CommandDef, rawArgs: string[]): Promise<[CommandDef, CommandDef | undefined]> {
  let current = cmd;
  let parent: CommandDef | undefined;
  for (const arg of rawArgs) {
    if (arg.startsWith('-')) break;
    const subs = (await (typeof current.subCommands === 'function'
      ? current.subCommands()
      : current.subCommands)) as Record<string, CommandDef | (() => Promise<CommandDef>)> | undefined;
    const next = subs?.[arg];
    if (!next) break;
    parent = current;
    current = await (typeof next === 'function' ? next() : next);
  }
  return [current, parent];
}

async function run(rawArgs: string[]): Promise<number> {
  const debug = rawArgs.includes('--debug') || process.env.SHIP_DEBUG === '1';
  const args = rawArgs.filter((a) => a !== '--debug');
  try {
    if (args.length === 0 || args.includes('--help') || args.includes('-h')) {
      const [cmd, parent] = await resolve(main, args);
      await showUsage(cmd, parent);
      return 0;
    }
    if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
      console.log('0.1.0');
      return 0;
    }
    await runCommand(main, { rawArgs: args });
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (error) {
    if (isUserError(error)) {
      console.error(`✘ ${error.message}`);
      if (error.hint) console.error(`  → ${error.hint}`);
      if (debug && error.stack) console.error(error.stack);
      return error.exitCode;
    }
    // citty's own usage errors (unknown command, missing argument) carry a code.
    if (error instanceof Error && 'code' in error && String(error.code).startsWith('E_')) {
      const [cmd, parent] = await resolve(main, args);
      console.error(await renderUsage(cmd, parent));
      console.error(`✘ ${error.message}`);
      return 2;
    }
    console.error('✘ ship hit a bug; please report it with the output below.');
    console.error(error);
    return 70;
  }
}

process.exitCode = await run(process.argv.slice(2));
