// One multi-sample family VCF imported once for all its members (sample → patient). Each member's import is
// the ordinary atomic, idempotent import of services/vcf (same file + sample + patient = duplicate); their
// final steps are held and run together in one transaction, so every member's import becomes visible at the
// same moment or none does. A crash before that leaves only 'importing' rows, which start-up removes.
import { AppError } from '../../../../shared/errors.ts';
import type { ImportRecord } from '../../../../shared/schemas/vcf.ts';
import type { Store } from '../../db/connection.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { ImportOptions, ImportService } from '../vcf/import-service.ts';
import { openFamilyVcf } from './vcf/read-family-vcf.ts';

export interface FamilyImportMember {
  sample: string;
  patientId: string;
}

export interface FamilyImportResult {
  imports: (ImportRecord & { sample: string })[];
}

/** Waits until every member has either reached its final step or finished without one (a duplicate). */
function createGate(count: number, store: Store) {
  const held: (() => void)[] = [];
  let settled = 0;
  let release!: () => void;
  let fail!: (err: unknown) => void;
  const opened = new Promise<void>((resolve, reject) => {
    release = resolve;
    fail = reject;
  });
  // Rejections are read by each member's importVcf; this keeps an early failure from being "unhandled".
  opened.catch(() => undefined);
  let failed = false;
  const check = () => {
    if (failed || settled + held.length < count) return;
    try {
      // Nested transactions in better-sqlite3 are savepoints: one outer IMMEDIATE transaction for all members.
      inTransaction(store.sqlite, () => {
        for (const complete of held) complete();
      });
      release();
    } catch (err) {
      failed = true;
      fail(err);
    }
  };
  return {
    hold: (complete: () => void): Promise<void> => {
      held.push(complete);
      check();
      return opened;
    },
    finishedWithoutHold: () => {
      settled++;
      check();
    },
    abandon: (err: unknown) => {
      if (failed) return;
      failed = true;
      fail(err);
    },
  };
}

export async function importFamilyVcf(
  deps: { store: Store; imports: ImportService },
  request: { file: string; members: FamilyImportMember[]; build?: 'GRCh37' | 'GRCh38' },
  options: Omit<ImportOptions, 'holdCompletion'> = {},
): Promise<FamilyImportResult> {
  if (request.members.length === 0) throw new AppError('family/invalid', 'A family import needs at least one sample → patient pair.', { file: request.file });
  const { samples, variants } = await openFamilyVcf(request.file);
  await variants.return(undefined);
  for (const m of request.members) {
    if (!samples.includes(m.sample)) {
      throw new AppError('family/sample-missing-from-vcf', `Sample "${m.sample}" is not in ${request.file} (its samples are ${samples.join(', ')}).`, { file: request.file, sample: m.sample, samples });
    }
  }
  const seen = new Set<string>();
  for (const m of request.members) {
    if (seen.has(m.patientId) || seen.has(`s:${m.sample}`)) throw new AppError('family/duplicate-member', `Sample "${m.sample}" or its patient is named twice.`, { sample: m.sample });
    seen.add(m.patientId);
    seen.add(`s:${m.sample}`);
  }
  const gate = createGate(request.members.length, deps.store);
  const runs = request.members.map(async (m) => {
    let held = false;
    try {
      const record = await deps.imports.importVcf(
        { file: request.file, patientId: m.patientId, sample: m.sample, build: request.build },
        {
          ...options,
          holdCompletion: (complete) => {
            held = true;
            return gate.hold(complete);
          },
        },
      );
      if (!held) gate.finishedWithoutHold();
      return { ...record, sample: m.sample };
    } catch (err) {
      gate.abandon(err);
      throw err;
    }
  });
  const outcomes = await Promise.allSettled(runs);
  const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failure) throw failure.reason;
  return { imports: outcomes.map((o) => (o as PromiseFulfilledResult<ImportRecord & { sample: string }>).value) };
}
