export function runProcessBench(..._args: unknown[]): void {
  console.log('(c) not yet');
}
