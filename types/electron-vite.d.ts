// electron-vite bundles a module imported with `?modulePath` as its own entry (used for worker threads)
// and the import yields the bundled file's path.
declare module '*?modulePath' {
  const path: string;
  export default path;
}
