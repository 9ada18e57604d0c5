// The CLI's streamed JSON document (electron/cli/json-stream.ts): byte-for-byte what JSON.stringify(doc,
// null, 2) prints, written with back-pressure to a slow reader, and still valid JSON, closed with an
// "error" field, when its source fails half-way through an array.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { StreamedDocument, writeStreamed } from '../../../electron/cli/json-stream.ts';
import { AppError } from '../../../shared/errors.ts';

/** A reader that takes one small chunk at a time, slowly, so write() reports back-pressure. */
function slowSink(): { out: Writable; text: () => Promise<string>; drains: () => number } {
  const parts: string[] = [];
  let drains = 0;
  const out = new Writable({
    highWaterMark: 256,
    write(chunk: Buffer, _enc, cb) {
      parts.push(chunk.toString());
      setImmediate(cb);
    },
  });
  out.on('drain', () => drains++);
  // What is still queued reaches the reader only after end(): wait for it before reading.
  const text = () => new Promise<string>((resolve) => out.end(() => resolve(parts.join(''))));
  return { out, text, drains: () => drains };
}

describe('streamed JSON document', () => {
  it('prints what JSON.stringify(doc, null, 2) prints, waiting for a slow reader', async () => {
    const items = Array.from({ length: 5000 }, (_, i) => ({ id: i, gene: i % 7 ? 'BRCA1' : null, terms: ['missense_variant'], nested: { a: [1, 2] } }));
    const sink = slowSink();
    const failure = await writeStreamed(
      new StreamedDocument(async (doc) => {
        await doc.array('variants', items);
        await doc.array('none', []);
        await doc.value('total', items.length);
        await doc.value('annotation', { runs: [{ id: 'r1' }] });
      }),
      sink.out,
    );
    expect(failure).toBeNull();
    expect(await sink.text()).toBe(`${JSON.stringify({ variants: items, none: [], total: 5000, annotation: { runs: [{ id: 'r1' }] } }, null, 2)}\n`);
    expect(sink.drains()).toBeGreaterThan(0);
  });

  it('an error half-way through an array closes the document with the error, still valid JSON', async () => {
    function* failing() {
      yield { id: 1 };
      yield { id: 2 };
      throw new AppError('annotate/print-failed', 'The annotation was saved (1 run), but printing its variants failed: disk gone', { savedRuns: ['r1'] });
    }
    const sink = slowSink();
    const failure = await writeStreamed(new StreamedDocument((doc) => doc.array('variants', failing()).then(() => undefined)), sink.out);
    expect(failure?.error.code).toBe('annotate/print-failed');
    const parsed = JSON.parse(await sink.text()) as { variants: unknown[]; error: { code: string; message: string; details: unknown } };
    expect(parsed.variants).toEqual([{ id: 1 }, { id: 2 }]);
    expect(parsed.error).toMatchObject({ code: 'annotate/print-failed', details: { savedRuns: ['r1'] } });
    expect(parsed.error.message).toMatch(/was saved/);
  });
});
