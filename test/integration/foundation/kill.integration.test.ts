// SIGKILL a process that is writing patients at random moments: on reopen every acknowledged write is
// there, and every patient has exactly its audit and outbox rows (nothing half-done).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../electron/main/db/connection.ts';
import { REPO_ROOT } from '../../helpers/paths.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';

function runAndKill(file: string, killAfterAcks: number, startStem: number): Promise<Map<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'test/fixtures/scripts/write-patients.ts'), file, 'kill-key', String(startStem)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acked = new Map<string, number>();
    let buffer = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const [, nhs, version] = buffer.slice(0, nl).split(' ');
        buffer = buffer.slice(nl + 1);
        acked.set(nhs, Number(version));
        if (acked.size === killAfterAcks) child.kill('SIGKILL');
      }
    });
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(acked) : reject(new Error(`writer exited without being killed: ${stderr}`))));
  });
}

describe('kill test: patient writes', () => {
  it('keeps every acknowledged write and leaves nothing half-done across repeated SIGKILLs', async () => {
    const { dir, cleanup } = makeTempDir();
    const file = path.join(dir, 'kill.db');
    const allAcked = new Map<string, number>();
    try {
      const killPoints = [5, 37, 120, 1 + Math.floor(Math.random() * 200)];
      for (const [run, killAt] of killPoints.entries()) {
        const acked = await runAndKill(file, killAt, 500_000_000 + run * 1_000_000);
        for (const [k, v] of acked) allAcked.set(k, v);
        const store = openStore({ file, key: 'kill-key' });
        const rows = store.sqlite.prepare('SELECT id, nhs_number, version FROM patients').all() as { id: string; nhs_number: string; version: number }[];
        const byNhs = new Map(rows.map((r) => [r.nhs_number, r]));
        for (const [nhs, version] of allAcked) {
          expect(byNhs.get(nhs), `acknowledged ${nhs} is present`).toBeDefined();
          expect(byNhs.get(nhs)!.version).toBeGreaterThanOrEqual(version);
        }
        // Each patient's version equals its number of audit rows and outbox rows: change, audit and outbox committed together.
        const mismatched = store.sqlite
          .prepare(
            `SELECT p.id FROM patients p
             WHERE p.version != (SELECT count(*) FROM audit_log a WHERE a.entity_id = p.id)
                OR p.version != (SELECT count(*) FROM sync_outbox o WHERE o.entity_id = p.id)`,
          )
          .all();
        expect(mismatched).toEqual([]);
        expect(store.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
        store.close();
      }
    } finally {
      cleanup();
    }
  });
});
