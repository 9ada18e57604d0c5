// `genodesk`: the labs' scripting interface (contract: shared/docs/CLI.md). Same services as the app,
// exactly one JSON document on stdout, progress on stderr, exit 0 / 1 (domain error) / 2 (usage).
import os from 'node:os';
import { parseArgs } from 'node:util';
import { AppError, serializeError } from '../../shared/errors.ts';
import type { AppErrorCode } from '../../shared/errors.ts';
import type { GenoDesk } from '../main/composition.ts';
import { defaultDataDir } from '../main/data-dir.ts';
import type { Command, ProgressReporter } from './command.ts';
import { allCommands } from './commands/index.ts';
import { readDbKey } from './read-key.ts';

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  env: NodeJS.ProcessEnv;
}

const GLOBAL_USAGE = `Usage: genodesk [--data-dir DIR] COMMAND [options]

Commands:
${allCommands.map((c) => `  ${c.usage}`).join('\n')}

Data folder: --data-dir, else GENODESK_DATA_DIR, else the desktop app's folder.
Database key: GENODESK_DB_KEY, else asked on a terminal.
Run "genodesk COMMAND --help" for a command's usage.
`;

class UsageError extends AppError {}

function usageError(code: AppErrorCode, message: string, details: Record<string, unknown> = {}): UsageError {
  return new UsageError(code, message, details);
}

function findCommand(args: string[]): { command: Command; rest: string[] } | null {
  for (const command of allCommands) {
    if (command.words.every((w, i) => args[i] === w)) return { command, rest: args.slice(command.words.length) };
  }
  return null;
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const writeJson = (doc: unknown) => io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  let app: GenoDesk | null = null;
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  try {
    let args = argv;
    let dataDir: string | undefined;
    while (args[0]?.startsWith('--data-dir')) {
      if (args[0] === '--data-dir') {
        if (!args[1]) throw usageError('cli/missing-argument', '--data-dir needs a folder.', { option: 'data-dir' });
        dataDir = args[1];
        args = args.slice(2);
      } else {
        dataDir = args[0].slice('--data-dir='.length);
        args = args.slice(1);
      }
    }
    if (args.length === 0 || args[0] === '--help' || args[0] === 'help') {
      io.stdout.write(GLOBAL_USAGE);
      return 0;
    }
    const found = findCommand(args);
    if (!found) throw usageError('cli/unknown-command', `Unknown command "${args.slice(0, 2).join(' ')}". Run "genodesk --help" for the list.`, { command: args.slice(0, 2).join(' ') });
    const { command, rest } = found;
    if (rest.includes('--help')) {
      io.stdout.write(`Usage: ${command.usage}\n`);
      return 0;
    }
    let parsed;
    try {
      parsed = parseArgs({ args: rest, options: { ...command.options, progress: { type: 'string' } }, allowPositionals: true, strict: true });
    } catch (err) {
      const message = (err as Error).message;
      const code = /Unknown option/.test(message) ? 'cli/unknown-option' : 'cli/usage';
      throw usageError(code, `${message}. Usage: ${command.usage}`, { command: command.words.join(' ') });
    }
    const { values, positionals } = parsed;
    if (positionals.length < command.positionals.min || positionals.length > command.positionals.max) {
      throw usageError(
        positionals.length < command.positionals.min ? 'cli/missing-argument' : 'cli/usage',
        `"${command.words.join(' ')}" takes ${command.positionals.names || 'no arguments'}. Usage: ${command.usage}`,
        { command: command.words.join(' '), positionals },
      );
    }
    const progressMode = values.progress === 'json' ? 'json' : io.stderr.isTTY ? 'human' : 'none';
    const progress: ProgressReporter = (event) => {
      if (progressMode === 'json') io.stderr.write(`${JSON.stringify(event)}\n`);
      else if (progressMode === 'human') io.stderr.write(`\r${event.message}`.padEnd(80));
    };
    const result = await command.run({
      values,
      positionals,
      progress,
      signal: abort.signal,
      dataDir: dataDir ?? defaultDataDir(io.env),
      app: async (options = {}) => {
        if (!app) {
          const dbKey = await readDbKey(io.env, io.stdin, io.stderr);
          // Loaded only by commands that open the store: `--help` and `pgx --vcf` start without the
          // database layer (CLI start-up time is part of the pgx --vcf budget).
          const [{ createGenoDesk }, { memorySyncSettings, syncConfigFromEnv }] = await Promise.all([
            import('../main/composition.ts'),
            import('../main/services/sync-controller.ts'),
          ]);
          app = createGenoDesk({
            dataDir: dataDir ?? defaultDataDir(io.env),
            dbKey,
            actor: `cli:${os.userInfo().username}`,
            // The CLI never schedules sync; `genodesk sync` runs it once with settings from the environment.
            syncSettings: memorySyncSettings(syncConfigFromEnv(io.env, options.syncServer)),
          });
        }
        return app;
      },
    });
    if (progressMode === 'human') io.stderr.write('\n');
    writeJson(result);
    return 0;
  } catch (err) {
    const serialized = serializeError(err);
    if (!(err instanceof AppError)) io.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`);
    writeJson({ error: serialized });
    return err instanceof UsageError ? 2 : 1;
  } finally {
    process.off('SIGINT', onSigint);
    await (app as GenoDesk | null)?.close();
  }
}
