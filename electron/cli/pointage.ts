#!/usr/bin/env node
// `pointage`: the command line. Every command runs the same core the app does, in-process.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../core/paths.js';
import { startServer } from '../server/http.js';
import { openCore, VERSION } from './open-core.js';
import { launchElectron, whyNoDesktop } from './start.js';
import { COMMANDS_FROM_FEATURES } from './feature-commands.js';
import { runOperation, UsageError, type Command } from './command.js';

const RENDERER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'renderer');

const COMMANDS: Record<string, Command> = {
  serve: {
    summary: 'Serve the app in a browser (browser mode), on 127.0.0.1 only.',
    usage: 'pointage serve [--port N] [--demo]',
    options: { port: { type: 'string' }, demo: { type: 'boolean' } },
    async run({ values, dataDir }) {
      const port = values.port === undefined ? 0 : Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: "${values.port}" is not a port number`);
      await serveBrowser(dataDir, port, Boolean(values.demo));
    },
  },
  start: {
    summary: 'Start the desktop app; where it cannot open, browser mode.',
    usage: 'pointage start [--demo] [--port N]',
    options: { demo: { type: 'boolean' }, port: { type: 'string' } },
    async run({ values, dataDir }) {
      const why = whyNoDesktop();
      if (why === null) {
        process.exitCode = await launchElectron(values.demo ? ['--demo'] : [], { ...process.env, POINTAGE_DATA: dataDir });
        return;
      }
      console.log(`Pointage: ${why}; starting browser mode instead.`);
      await serveBrowser(dataDir, values.port === undefined ? 0 : Number(values.port), Boolean(values.demo));
    },
  },
  call: {
    summary: 'Call any contract operation: JSON in, JSON out.',
    usage: "pointage call <operation> ['{\"json\":\"input\"}']",
    async run({ positionals, dataDir }) {
      const [name, json] = positionals;
      if (!name) throw new UsageError('call: which operation? (pointage call --help lists them)');
      let input: unknown = {};
      try {
        if (json !== undefined) input = JSON.parse(json);
      } catch {
        throw new UsageError(`call ${name}: the input is not valid JSON`);
      }
      await runOperation(dataDir, name, input);
    },
  },
  ...COMMANDS_FROM_FEATURES,
};

async function serveBrowser(dataDir: string, port: number, demo: boolean): Promise<void> {
  const { core, dispatch } = openCore(dataDir, 'browser');
  if (demo) await core.openDemo();
  const server = await startServer({ core, dispatch, rendererDir: RENDERER_DIR, port });
  console.log(`Pointage is running in browser mode: ${server.url}`);
  const stop = async () => {
    await server.close();
    core.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    `pointage ${VERSION}: bank reconciliation for small-business bookkeepers`,
    '',
    'Usage: pointage [--data DIR] <command> [options]',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'Global options:',
    '  --data DIR   the data directory (default: the desktop app\'s, or $POINTAGE_DATA)',
    '  --help, -h   help; `pointage <command> --help` for a command',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const global = parseArgs({ args: argv, options: { data: { type: 'string' }, help: { type: 'boolean', short: 'h' }, version: { type: 'boolean' } }, allowPositionals: true, strict: false });
  const commandIndex = argv.findIndex((a, i) => !a.startsWith('-') && argv[i - 1] !== '--data');
  const name = commandIndex >= 0 ? argv[commandIndex] : undefined;
  if (global.values.version) return (console.log(VERSION), 0);
  if (!name) {
    console.log(help());
    return global.values.help ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) return fail(new UsageError(`unknown command "${name}" (pointage --help lists them)`));
  const rest = argv.slice(commandIndex + 1);
  try {
    const parsed = parseArgs({ args: rest, options: { ...command.options, help: { type: 'boolean', short: 'h' }, data: { type: 'string' } }, allowPositionals: true });
    if (parsed.values.help || global.values.help) {
      console.log(`${command.summary}\n\nUsage: ${command.usage}`);
      return 0;
    }
    const dataDir = path.resolve(String(parsed.values.data ?? global.values.data ?? defaultDataDir()));
    await command.run({ positionals: parsed.positionals, values: parsed.values as Record<string, string | boolean | undefined>, dataDir });
    return Number(process.exitCode ?? 0);
  } catch (error) {
    return fail(error);
  }
}

function fail(error: unknown): number {
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  process.stderr.write(`pointage: ${message}\n`);
  return error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? 2 : 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then((code) => {
    if (code !== 0) process.exitCode = code;
  });
}
