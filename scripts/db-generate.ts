// `npm run db:generate -- --name NAME`: drizzle-kit writes the SQL migration for the schema change,
// then every CREATE TABLE it wrote is made STRICT (drizzle-kit 0.31 cannot emit STRICT yet:
// drizzle-orm PR #5389). Only statements lacking STRICT are touched, so shipped migrations never change.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const migrations = path.join(root, 'electron/main/db/migrations');

execFileSync('npx', ['drizzle-kit', 'generate', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });

for (const file of fs.readdirSync(migrations).filter((f) => f.endsWith('.sql'))) {
  const full = path.join(migrations, file);
  const sql = fs.readFileSync(full, 'utf8');
  const strict = makeTablesStrict(sql);
  if (strict !== sql) {
    fs.writeFileSync(full, strict);
    console.log(`made tables STRICT in ${file}`);
  }
}

/** Appends STRICT to each `CREATE TABLE … (…);` whose closing line lacks it. */
export function makeTablesStrict(sql: string): string {
  return sql
    .split('--> statement-breakpoint')
    .map((stmt) => (/^\s*CREATE TABLE/i.test(stmt) && !/\)\s*STRICT\s*;\s*$/i.test(stmt) ? stmt.replace(/\)\s*;\s*$/, ') STRICT;\n') : stmt))
    .join('--> statement-breakpoint');
}
