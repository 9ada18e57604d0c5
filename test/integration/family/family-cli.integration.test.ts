// `genodesk family set|show|import-ped` as CLI.md fixes them, run as a lab would (a child process, JSON out).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseMap } from '../../../electron/cli/commands/family.ts';
import { ASHK_PED } from '../../helpers/family-vcf.ts';
import { validNhsNumbers } from '../../helpers/nhs-numbers.ts';
import { REPO_ROOT } from '../../helpers/paths.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';

const { dir, cleanup } = makeTempDir();
afterAll(() => cleanup());

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test reads arbitrary JSON paths
type Json = Record<string, any>;

function genodesk(args: string[]) {
  const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin/genodesk.js'), ...args], {
    env: { ...process.env, GENODESK_DATA_DIR: path.join(dir, 'data'), GENODESK_DB_KEY: 'cli-key' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { status: r.status, json: JSON.parse(r.stdout || '{}') as Json };
}

describe('genodesk family (CLI.md)', () => {
  const nhs = validNhsNumbers(600_000_000);
  const add = (given: string, sex: string) =>
    genodesk(['patients', 'add', '--nhs-number', nhs.next().value as string, '--family-name', 'Levi', '--given-name', given, '--birth-date', '1990-05-01', '--sex', sex]).json.patient as Json;

  it('--map takes SAMPLE=PATIENT pairs, comma-separated or repeated', () => {
    expect(parseMap(['HG002=a,HG003=943 476 5919', 'HG004=b'])).toEqual({ HG002: 'a', HG003: '943 476 5919', HG004: 'b' });
    expect(() => parseMap(['HG002'])).toThrowError(expect.objectContaining({ code: 'cli/usage' }));
  });

  // Ten CLI processes: seconds each on a loaded machine, hence the longer limit.
  it('set, show and import-ped print {family: {id, proband, members: [{patient, relation, sex, affected}]}}', { timeout: 180_000 }, () => {
    const [son, father, mother, brother] = [add('Son', 'male'), add('Father', 'male'), add('Mother', 'female'), add('Brother', 'male')];
    const set = genodesk(['family', 'set', '--proband', son.nhsNumber, '--mother', mother.id, '--father', father.id, '--sibling', brother.id, '--affected', son.id, '--affected', brother.id, '--pedigree-number', 'GEN-0042']);
    expect(set.status).toBe(0);
    expect(set.json.family).toMatchObject({
      proband: son.id,
      pedigreeNumber: 'GEN-0042',
      members: [
        { patient: son.id, relation: 'proband', sex: 'male', affected: 'affected' },
        { patient: mother.id, relation: 'mother', sex: 'female', affected: 'unaffected' },
        { patient: father.id, relation: 'father', sex: 'male', affected: 'unaffected' },
        { patient: brother.id, relation: 'sibling', sex: 'male', affected: 'affected' },
      ],
    });
    const show = genodesk(['family', 'show', brother.nhsNumber]);
    expect(show.json.family.id).toBe(set.json.family.id);

    const ped = path.join(dir, 'ashk-trio.ped');
    fs.copyFileSync(ASHK_PED, ped);
    const imported = genodesk(['family', 'import-ped', ped, '--map', `HG002=${son.id},HG003=${father.nhsNumber},HG004=${mother.id}`]);
    expect(imported.status).toBe(0);
    expect(imported.json.family.members.map((m: Json) => [m.relation, m.affected])).toEqual([
      ['proband', 'affected'],
      ['father', 'unknown'],
      ['mother', 'unknown'],
    ]);
    expect(imported.json.family.version).toBe(2);
    // A PED import that does not give the number keeps the recorded one.
    expect(imported.json.family.pedigreeNumber).toBe('GEN-0042');

    const unknown = genodesk(['family', 'import-ped', ped]);
    expect(unknown.status).toBe(1);
    expect(unknown.json.error).toMatchObject({ code: 'family/ped-unknown-sample', details: { line: 1, sample: 'HG002' } });
    // The CLI's words: its own option (the app names its field instead; family-service test).
    expect(unknown.json.error.message).toContain('use --map HG002=PATIENT');
  });
});
