// Names only (no schemas) so the sandboxed preload can refuse unknown channels without bundling zod.
// contract.ts checks at compile time that this list equals the contract's keys.
export const CHANNELS = [
  'app:info', 'patients:create', 'patients:update', 'patients:get', 'patients:search', 'audit:list',
  'imports:start',
  'imports:cancel',
  'imports:list',
  'imports:samples',
  'variants:query',
  'app:choose-file',
  'sync:status',
  'sync:now',
  'sync:conflicts',
  'sync:resolve',
  'sync:configure',
] as const;

export const EVENTS = ['app:status', 'imports:progress', 'sync:status-changed'] as const;
