/** Time and ids are injected so tests can be exact; the app uses the real ones. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };
