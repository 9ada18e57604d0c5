// `genodesk medications add|list|stop|review` (CLI.md) as child processes: JSON on stdout, the fields CLI.md
// fixes, and specific errors (exit 1) for a future start date and stopping a stopped medicine.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/paths.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test reads arbitrary JSON paths
type Json = Record<string, any>;

const { dir, cleanup } = makeTempDir('genodesk-med-cli-');
afterAll(cleanup);

async function genodesk(args: string[]): Promise<{ status: number; json: Json }> {
  const r = await promisify(execFile)(process.execPath, [path.join(REPO_ROOT, 'bin/genodesk.js'), ...args], {
    env: { ...process.env, GENODESK_DATA_DIR: path.join(dir, 'data'), GENODESK_DB_KEY: 'cli-key' },
    encoding: 'utf8',
  }).then(
    (ok) => ({ stdout: ok.stdout, code: 0 }),
    (err: { stdout: string; code: number }) => ({ stdout: err.stdout, code: err.code }),
  );
  return { status: r.code, json: JSON.parse(r.stdout) as Json };
}

describe('genodesk medications', () => {
  it('adds, lists, stops and reviews as CLI.md says', async () => {
    const p = await genodesk(['patients', 'add', '--nhs-number', '9434765919', '--family-name', 'Cli', '--given-name', 'Med', '--birth-date', '1980-01-01', '--sex', 'female']);
    expect(p.status).toBe(0);
    const nhs = '9434765919';
    const add = await genodesk(['medications', 'add', '--patient', nhs, '--drug', 'Codeine', '--dose', '30 mg', '--started', '2024-05-01']);
    expect(add.status).toBe(0);
    expect(add.json.medication).toMatchObject({ drug: 'codeine', code: 'http://snomed.info/sct|387494007', ingredients: ['codeine'], status: 'active', dose: '30 mg', started: '2024-05-01' });
    const free = await genodesk(['medications', 'add', '--patient', nhs, '--drug', 'tamoxifan']);
    expect(free.json).toMatchObject({ medication: { drug: 'tamoxifan', checked: false }, suggestions: ['tamoxifen'] });

    const list = await genodesk(['medications', 'list', '--patient', nhs]);
    expect(list.json.medications.map((m: Json) => m.drug).sort()).toEqual(['codeine', 'tamoxifan']);

    const review = await genodesk(['medications', 'review', '--patient', nhs, '--drug', 'clopidogrel', '--drug', 'bosentan']);
    expect(review.status).toBe(0);
    const items = review.json.review.items as Json[];
    for (const i of items) expect(Object.keys(i)).toEqual(expect.arrayContaining(['drug', 'current', 'genes', 'phenotypes', 'phenoconversion', 'action', 'classification', 'guideline', 'recommendation']));
    expect(review.json.review.dataVersions).toMatchObject({ phenoconversion: expect.any(String) });
    expect(items.map((i) => [i.drug, i.current, i.action])).toEqual([
      ['codeine', true, 'no-result'],
      ['clopidogrel', false, 'no-result'],
      ['tamoxifan', true, 'no-guideline'],
      ['bosentan', false, 'no-guideline'],
    ]);

    const stop = await genodesk(['medications', 'stop', '--patient', nhs, add.json.medication.id]);
    expect(stop.json.medication).toMatchObject({ status: 'stopped', stopped: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    const again = await genodesk(['medications', 'stop', '--patient', nhs, add.json.medication.id]);
    expect(again.status).toBe(1);
    expect(again.json.error.code).toBe('medicines/already-stopped');
    const future = await genodesk(['medications', 'add', '--patient', nhs, '--drug', 'codeine', '--started', '2999-01-01']);
    expect(future.status).toBe(1);
    expect(future.json.error).toMatchObject({ code: 'medicines/bad-date', details: { field: 'started' } });
    // Eight child processes: about 1.5 s each on an idle machine, far more on a loaded shared one.
  }, 240_000);
});
