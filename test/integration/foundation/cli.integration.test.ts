import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/paths.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';

const { dir, cleanup } = makeTempDir();
afterAll(() => cleanup());

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test reads arbitrary JSON paths
type Json = Record<string, any>;

function genodesk(args: string[], env: Record<string, string | undefined> = {}) {
  const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin/genodesk.js'), ...args], {
    env: { ...process.env, GENODESK_DATA_DIR: path.join(dir, 'data'), GENODESK_DB_KEY: 'cli-key', ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let json: Json = {};
  try {
    json = JSON.parse(r.stdout) as Json;
  } catch {
    // --help prints text, not JSON.
  }
  return { status: r.status, stdout: r.stdout, json };
}

describe('genodesk CLI (CLI.md)', () => {
  it('patients add | list | show with JSON out, by id or NHS number', () => {
    const add = genodesk(['patients', 'add', '--nhs-number', '943 476 5919', '--family-name', 'Brontë', '--given-name', 'Zoë', '--birth-date', '1985-03-27', '--sex', 'female']);
    expect(add.status).toBe(0);
    expect(Object.keys(add.json.patient)).toEqual(expect.arrayContaining(['id', 'nhsNumber', 'familyName', 'givenName', 'birthDate', 'sex', 'createdAt', 'updatedAt']));
    expect(add.json.patient.nhsNumber).toBe('9434765919');

    const list = genodesk(['patients', 'list', '--query', 'bronte', '--limit', '5']);
    expect(list.status).toBe(0);
    expect(list.json).toMatchObject({ total: 1, patients: [{ id: add.json.patient.id }] });

    for (const ref of [add.json.patient.id, '9434765919']) {
      const show = genodesk(['patients', 'show', ref]);
      expect(show.status).toBe(0);
      expect(show.json.patient.id).toBe(add.json.patient.id);
      expect(Array.isArray(show.json.imports)).toBe(true);
    }
    // --data-dir overrides the environment.
    const other = genodesk(['--data-dir', path.join(dir, 'other'), 'patients', 'list']);
    expect(other.json.total).toBe(0);
  });

  it('domain errors exit 1 with {error:{code,message,details}}', () => {
    const bad = genodesk(['patients', 'add', '--nhs-number', '1234567890', '--family-name', 'X', '--given-name', 'Y', '--birth-date', '1980-01-01']);
    expect(bad.status).toBe(1);
    expect(bad.json.error).toMatchObject({ code: 'patients/invalid-nhs-number', details: { field: 'nhsNumber' } });
    const missing = genodesk(['patients', 'show', 'nobody']);
    expect(missing.status).toBe(1);
    expect(missing.json.error.code).toBe('patients/not-found');
    const dup = genodesk(['patients', 'add', '--nhs-number', '9434765919', '--family-name', 'X', '--given-name', 'Y', '--birth-date', '1980-01-01']);
    expect(dup.json.error.code).toBe('patients/duplicate-nhs-number');
  });

  it('usage errors exit 2 with the same shape; --help prints text and exits 0', () => {
    expect(genodesk(['patients', 'lst'])).toMatchObject({ status: 2, json: { error: { code: 'cli/unknown-command' } } });
    expect(genodesk(['patients', 'list', '--bogus'])).toMatchObject({ status: 2, json: { error: { code: 'cli/unknown-option' } } });
    expect(genodesk(['patients', 'show'])).toMatchObject({ status: 2, json: { error: { code: 'cli/missing-argument' } } });
    expect(genodesk(['patients', 'list', '--limit', 'ten'])).toMatchObject({ status: 1, json: { error: { code: 'cli/usage' } } });
    const help = genodesk(['patients', 'add', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: genodesk patients add/);
    expect(genodesk(['--help']).stdout).toContain('patients list');
  });

  it('needs the key: db/key-required without a terminal, db/key-invalid with a wrong one', () => {
    expect(genodesk(['patients', 'list'], { GENODESK_DB_KEY: undefined })).toMatchObject({ status: 1, json: { error: { code: 'db/key-required' } } });
    expect(genodesk(['patients', 'list'], { GENODESK_DB_KEY: 'wrong' })).toMatchObject({ status: 1, json: { error: { code: 'db/key-invalid' } } });
  });
});
