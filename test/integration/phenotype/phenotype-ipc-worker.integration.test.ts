// The app's IPC paths with the phenotype worker wired as the desktop app and the harness wire it: the first
// phenotype call loads the release in the worker and writes the snapshot the main thread then reads;
// `phenotype:rank` runs as a job whose progress comes from the worker's phases and equals the in-thread
// ranking; `phenotype:cancel` of a running job answers phenotype/cancelled.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createGenoDesk } from '../../../electron/main/composition.ts';
import { createDispatcher } from '../../../electron/main/ipc/dispatcher.ts';
import { allHandlers } from '../../../electron/main/ipc/handlers.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { testNhsNumbers } from '../sync/helpers/sync-harness.ts';

const tmp = makeTempDir('genodesk-phenotype-ipc-');
afterAll(() => tmp.cleanup());
const TERMS = [{ id: 'HP:0001251' }, { id: 'HP:0001250' }, { id: 'HP:0003546' }, { id: 'HP:0000252', excluded: true }];

describe('phenotype IPC through the worker', () => {
  it('ranks in the worker (same result as in-thread) as a job with progress, and a cancelled ranking answers phenotype/cancelled', async () => {
    const dataDir = path.join(tmp.dir, 'data');
    const app = createGenoDesk({ dataDir, dbKey: 'k', actor: 'counsellor-a', phenotypeInWorker: true });
    const inThread = createGenoDesk({ dataDir: path.join(tmp.dir, 'data-in-thread'), dbKey: 'k', actor: 'counsellor-a' });
    try {
      const dispatcher = createDispatcher(allHandlers({ app, version: 't', launcher: 'harness' }), { log: () => {} });
      const [nhsNumber] = testNhsNumbers(1, 8_300);
      const patient = app.patients.create({ nhsNumber, familyName: 'Worker', givenName: 'Ipc', birthDate: '2012-01-02', sex: 'female' });
      const info = await dispatcher.dispatch('phenotype:info', {});
      expect(info).toMatchObject({ ok: true });
      // The worker wrote the snapshot: the main thread read it rather than parsing.
      expect(fs.readdirSync(path.join(dataDir, 'cache')).some((f) => /^hpo-release-.*\.v8$/.test(f))).toBe(true);
      expect(await dispatcher.dispatch('phenotype:set', { patientId: patient.id, terms: TERMS })).toMatchObject({ ok: true });

      const phases: string[] = [];
      const off = app.events.on((event, payload) => {
        if (event === 'phenotype:progress') phases.push((payload as { phase: string }).phase);
      });
      const ranked = await dispatcher.dispatch('phenotype:rank', { patientId: patient.id, limit: 10, requestId: 'rank-0000001' });
      off();
      if (!ranked.ok) throw new Error(ranked.error.message);
      // Only the worker reports these phases: an in-thread ranking has nothing to say until it is done.
      expect(phases).toContain('loading');
      expect(new Set(phases)).toEqual(new Set(['loading', 'ranking']));
      const other = inThread.patients.create({ nhsNumber, familyName: 'Worker', givenName: 'Ipc', birthDate: '2012-01-02', sex: 'female' });
      inThread.patientPhenotype.set({ patientId: other.id, terms: TERMS });
      expect((ranked.data as { result: unknown }).result).toEqual((await inThread.phenotypeCase.rank(other.id, 10)).result);

      const pending = dispatcher.dispatch('phenotype:rank', { patientId: patient.id, limit: 10, requestId: 'rank-0000002' });
      expect(app.jobs.list()).toMatchObject([{ requestId: 'rank-0000002', kind: 'phenotype-rank', patientId: patient.id }]);
      expect(await dispatcher.dispatch('phenotype:cancel', { requestId: 'rank-0000002' })).toEqual({ ok: true, data: { cancelled: true } });
      expect(await pending).toMatchObject({ ok: false, error: { code: 'phenotype/cancelled' } });
      expect(app.jobs.list()).toEqual([]);
    } finally {
      await app.close();
      await inThread.close();
    }
  });
});
