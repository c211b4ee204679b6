// The line commands end with: what to run next (copilot-cli's "recommend next actions").
export function nextSteps(...steps: string[]): string {
  return `next: ${steps.join('  ·  ')}\n`;
}
