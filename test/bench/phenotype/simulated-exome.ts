export function runExomeBench(..._args: unknown[]): void {
  console.log('(b) not yet');
}
