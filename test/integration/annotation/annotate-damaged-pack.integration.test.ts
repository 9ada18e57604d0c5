// Issue 15: the packs' checksums are verified while the worker annotates (not before it starts), and the
// run is committed only once they pass. A transcript pack whose sequence index had one base changed after
// install (same size: only the SHA-256 can tell) must refuse the run with packs/corrupt, keep the previous
// annotation current and readable, and leave no chunk of the refused run.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createGenoDesk } from '../../../electron/main/composition.ts';
import { NA12878_GRCH38 } from '../../helpers/annotation-vcfs.ts';
import { rejection as failure } from '../../helpers/rejection.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';

const { dir, cleanup } = makeTempDir('genodesk-annotate-damaged-');
afterAll(cleanup);

describe('annotation with a pack damaged after install', () => {
  it('is refused with packs/corrupt once the checksum is read, and the previous run stays current', async () => {
    const dataDir = path.join(dir, 'data');
    const app = createGenoDesk({ dataDir, dbKey: 'damaged', actor: 'damaged-test' });
    try {
      const pack = await app.packs.install({ builtInId: 'grch38-chr21-ensembl84-demo' });
      const patientId = app.patients.create({ nhsNumber: '9434765919', familyName: 'Damaged', givenName: 'Pack', birthDate: '1970-01-01' }).id;
      const importId = (await app.imports.importVcf({ file: NA12878_GRCH38, patientId })).id;
      const first = (await app.annotation.annotate({ patientId })).runs[0];
      const before = Array.from(app.annotation.storedAnnotations(importId), (s) => s.annotated);
      expect(before.length).toBeGreaterThan(50_000);

      // One base of the sequence index changed to another base: still valid FASTA, same size.
      const sequence = path.join(dataDir, 'packs', pack.id, 'index', 'sequence.fa');
      const bytes = fs.readFileSync(sequence);
      const at = bytes.indexOf('ACGT', Math.floor(bytes.length / 2), 'latin1');
      expect(at).toBeGreaterThan(0);
      bytes[at] = 'T'.charCodeAt(0);
      fs.writeFileSync(sequence, bytes);

      const e = await failure(app.annotation.annotate({ patientId, rerun: true }));
      expect(e.code).toBe('packs/corrupt');
      expect(e.message).toMatch(/sequence\.fa does not match its checksum/);
      expect(app.annotation.runsOf(importId).map((r) => [r.id, r.current])).toEqual([[first.id, true]]);
      expect(Array.from(app.annotation.storedAnnotations(importId), (s) => s.annotated)).toEqual(before);
      const runKeys = app.store.sqlite.prepare('SELECT key FROM annotation_runs').pluck().all() as number[];
      expect(runKeys).toHaveLength(1);
      expect(app.store.sqlite.prepare('SELECT count(*) FROM annotation_chunks WHERE run_key <> ?').pluck().get(runKeys[0])).toBe(0);
    } finally {
      await app.close();
    }
  }, 180_000);
});
