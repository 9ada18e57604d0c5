// One JSON document written piece by piece, for commands whose answer can be a whole genome's worth
// (`annotate --patient`): each array element is serialised on its own and written with back-pressure, so
// memory stays flat whatever the size (one JSON.stringify of 5 M variants exceeds V8's longest string).
// The output is the same document JSON.stringify(doc, null, 2) would give. An error after the document has
// begun closes it with an "error" field (the document stays valid JSON) and the command exits 1.
import { once } from 'node:events';
import { serializeError } from '../../shared/errors.ts';
import type { SerializedError } from '../../shared/errors.ts';

export interface DocumentWriter {
  /** A field whose value is small enough to serialise at once. */
  value(key: string, v: unknown): Promise<void>;
  /** A field whose value is an array, written element by element; returns how many were written. */
  array(key: string, items: AsyncIterable<unknown> | Iterable<unknown>): Promise<number>;
}

export class StreamedDocument {
  readonly fill: (w: DocumentWriter) => Promise<void>;
  constructor(fill: (w: DocumentWriter) => Promise<void>) {
    this.fill = fill;
  }
}

const indent = (text: string, pad: string): string => text.replace(/\n/g, `\n${pad}`);

/** Writes `doc` to `out`; returns the error that ended it early (already written into the document), if any. */
export async function writeStreamed(doc: StreamedDocument, out: NodeJS.WritableStream): Promise<{ error: SerializedError; cause: unknown } | null> {
  let fields = 0;
  const write = async (s: string): Promise<void> => {
    if (!out.write(s)) await once(out, 'drain');
  };
  const key = async (k: string): Promise<void> => {
    await write(`${fields++ === 0 ? '{\n' : ',\n'}  ${JSON.stringify(k)}: `);
  };
  const writer: DocumentWriter = {
    async value(k, v) {
      await key(k);
      await write(indent(JSON.stringify(v, null, 2) ?? 'null', '  '));
    },
    async array(k, items) {
      await key(k);
      let n = 0;
      let buf = '';
      try {
        for await (const item of items) {
          buf += `${n++ === 0 ? '[\n' : ',\n'}    ${indent(JSON.stringify(item, null, 2), '    ')}`;
          if (buf.length > 1 << 16) {
            await write(buf);
            buf = '';
          }
        }
      } finally {
        // Closed even when the items fail, so the document stays parseable.
        await write(`${buf}${n === 0 ? '[]' : '\n  ]'}`);
      }
      return n;
    },
  };
  let failure: { error: SerializedError; cause: unknown } | null = null;
  try {
    await doc.fill(writer);
  } catch (err) {
    failure = { error: serializeError(err), cause: err };
    await writer.value('error', failure.error);
  }
  await write(fields === 0 ? '{}\n' : '\n}\n');
  return failure;
}
