export function greeting(name: string): string {
  return `hello from @mono/lib, ${name}`;
}
