// The compiled snapshot of the bundled HPO release (<dataDir>/cache): written by the first process, read by
// the next, giving the same ranking; a damaged snapshot is rebuilt from the release files, never trusted.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RESOURCES } from '../../helpers/paths.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { findReleaseFiles, loadHpoRelease } from '../../../electron/main/services/phenotype/hpo-release.ts';
import { prioritise } from '../../../electron/main/services/phenotype/prioritise.ts';

const tmp = makeTempDir('genodesk-hpo-snapshot-');
afterAll(() => tmp.cleanup());
const files = findReleaseFiles(path.join(RESOURCES, 'hpo'));
const query = { observed: ['HP:0001250', 'HP:0001263', 'HP:0000252'], excluded: ['HP:0000505'], limit: 5 };

describe('HPO release snapshot', () => {
  it('is written once, read back to the same ranking, and rebuilt when damaged', () => {
    const parsed = loadHpoRelease(files, 'bundled', tmp.dir);
    const [snapshot] = fs.readdirSync(tmp.dir).filter((f) => f.endsWith('.v8'));
    expect(snapshot).toMatch(/^hpo-release-[0-9a-f]{24}\.v8$/);
    const fromSnapshot = loadHpoRelease(files, 'bundled', tmp.dir);
    expect(fromSnapshot.ontology.size).toBe(parsed.ontology.size);
    expect(prioritise(fromSnapshot, query)).toEqual(prioritise(parsed, query));
    expect(fromSnapshot.ontology.resolve('HP:0000516').term.id).toBe('HP:0000505');

    fs.writeFileSync(path.join(tmp.dir, snapshot), 'not a snapshot');
    const rebuilt = loadHpoRelease(files, 'bundled', tmp.dir);
    expect(prioritise(rebuilt, query)).toEqual(prioritise(parsed, query));
    expect(fs.statSync(path.join(tmp.dir, snapshot)).size).toBeGreaterThan(1_000_000);
  }, 120_000);
});
