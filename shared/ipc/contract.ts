// The one IPC contract: every `domain:verb` channel the renderer may call, with zod schemas for its input
// and output. Types come from the schemas (z.infer), never written twice. The main process validates
// every input at run time because the renderer shows data from outside (files, servers).
import type { z } from 'zod';
import type { SerializedError } from '../errors.ts';
import { appContract } from './contracts/app.ts';
import { patientsContract } from './contracts/patients.ts';
import { importsContract } from './contracts/imports.ts';
import { syncContract } from './contracts/sync.ts';
import { pgxContract } from './contracts/pgx.ts';
import { medicinesContract } from './contracts/medicines.ts';
import { diagnosisContract } from './contracts/diagnosis.ts';
import { packsContract } from './contracts/packs.ts';
import { annotationContract } from './contracts/annotation.ts';
import { worklistContract } from './contracts/worklist.ts';
import { familyContract } from './contracts/family.ts';
import { phenotypeContract } from './contracts/phenotype.ts';
import { reanalysisContract } from './contracts/reanalysis.ts';
import { frequencyContract } from './contracts/frequency.ts';
import { jobsContract } from './contracts/jobs.ts';
import type { CHANNELS, EVENTS } from './channel-names.ts';
import type { eventSchemas } from './events.ts';

export const contract = {
  ...appContract,
  ...patientsContract,
  ...importsContract,
  ...syncContract,
  ...pgxContract,
  ...medicinesContract,
  ...diagnosisContract,
  ...packsContract,
  ...annotationContract,
  ...worklistContract,
  ...familyContract,
  ...phenotypeContract,
  ...reanalysisContract,
  ...frequencyContract,
  ...jobsContract,
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type ChannelInput<C extends Channel> = z.input<Contract[C]['input']>;
export type ChannelOutput<C extends Channel> = z.output<Contract[C]['output']>;

export type IpcResult<T> = { ok: true; data: T } | { ok: false; error: SerializedError };

export type EventName = keyof typeof eventSchemas;
export type EventPayload<E extends EventName> = z.output<(typeof eventSchemas)[E]>;

// The preload ships only the channel names (channel-names.ts) so it stays tiny; these checks keep the
// list and the contract identical at compile time.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _channelsMatch: Same<(typeof CHANNELS)[number], Channel> = true;
const _eventsMatch: Same<(typeof EVENTS)[number], EventName> = true;
void _channelsMatch;
void _eventsMatch;
