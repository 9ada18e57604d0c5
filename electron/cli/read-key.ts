// CLI.md: GENODESK_DB_KEY for unattended runs; on a terminal, ask without echo; otherwise fail clearly.
import { AppError } from '../../shared/errors.ts';

export async function readDbKey(env: NodeJS.ProcessEnv, stdin: NodeJS.ReadStream, stderr: NodeJS.WriteStream): Promise<string> {
  if (env.GENODESK_DB_KEY) return env.GENODESK_DB_KEY;
  if (!stdin.isTTY) {
    throw new AppError('db/key-required', 'The store is encrypted: set GENODESK_DB_KEY, or run genodesk on a terminal to be asked for the key.', {});
  }
  stderr.write('GenoDesk database key: ');
  return new Promise((resolve, reject) => {
    let key = '';
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          done();
          stderr.write('\n');
          resolve(key);
          return;
        }
        if (ch === '\u0003') {
          done();
          reject(new AppError('db/key-required', 'No database key was given.', {}));
          return;
        }
        if (ch === '\u007f') key = key.slice(0, -1);
        else key += ch;
      }
    };
    const done = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
    };
    stdin.on('data', onData);
  });
}
