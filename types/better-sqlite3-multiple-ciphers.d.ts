// The package ships its typings but its package.json "exports" hides them from TypeScript's bundler
// resolution; its API is better-sqlite3's (plus cipher pragmas), so reuse @types/better-sqlite3.
declare module 'better-sqlite3-multiple-ciphers' {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- `export =` typings need this form
  import Database = require('better-sqlite3');
  export = Database;
}
