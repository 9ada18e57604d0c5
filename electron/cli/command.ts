// A CLI command: its words (`patients add`), options as node:util parseArgs describes them, and a run
// function that returns the one JSON document for stdout. Domain errors are thrown as AppError.
import type { ParseArgsConfig } from 'node:util';
import type { GenoDesk } from '../main/composition.ts';

export interface ProgressReporter {
  (event: Record<string, unknown> & { message: string }): void;
}

export interface CommandContext {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
  /** Opens the store (asking for the key if needed) on first use: `--help` never needs it. */
  app(options?: { syncServer?: string }): Promise<GenoDesk>;
  progress: ProgressReporter;
  signal: AbortSignal;
  /** The data folder (--data-dir, GENODESK_DATA_DIR or the app's), for commands that read it without the store (HPO packs). */
  dataDir?: string;
}

export interface Command {
  words: string[];
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** How many positionals (e.g. FILE, PATIENT) the command takes. */
  positionals: { min: number; max: number; names: string };
  run(ctx: CommandContext): Promise<unknown>;
}
