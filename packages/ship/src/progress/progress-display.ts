// Drawing progress on stderr: on a terminal, one line per task redrawn in place (bytes per layer,
// skipped layers shown as such); otherwise one plain line per change of state; or nothing.
import type { ProgressEvent, ProgressSink } from './progress-events.js';

export type ProgressMode = 'tty' | 'plain' | 'silent';

export interface ProgressDisplay {
  sink: ProgressSink;
  /** Draws the final state and stops redrawing. */
  finish: () => void;
}

interface Stream {
  write: (text: string) => unknown;
  isTTY?: boolean;
  columns?: number;
}

export function chooseProgressMode(stream: Stream, env: NodeJS.ProcessEnv = process.env): ProgressMode {
  if (env.SHIP_PROGRESS === 'plain' || env.SHIP_PROGRESS === 'silent' || env.SHIP_PROGRESS === 'tty')
    return env.SHIP_PROGRESS;
  return stream.isTTY && !env.CI && env.TERM !== 'dumb' ? 'tty' : 'plain';
}

export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB'];
  let value = bytes;
  let unit = 'B';
  for (const u of units) {
    if (value < 1000) break;
    value /= 1000;
    unit = u;
  }
  return `${value.toFixed(value < 10 ? 2 : 1)} ${unit}`;
}

const MARK: Record<ProgressEvent['state'], string> = {
  pending: '·',
  active: '↑',
  done: '✓',
  skipped: '=',
  failed: '✘',
};

function amount(event: ProgressEvent, live: boolean): string {
  if (event.total === undefined) return '';
  if (event.unit === 'items') return `${event.current ?? 0}/${event.total}`;
  if (live && event.state === 'active' && event.current !== undefined && event.total > 0) {
    return `${formatBytes(event.current)}/${formatBytes(event.total)} ${Math.floor((100 * event.current) / event.total)}%`;
  }
  return formatBytes(event.total);
}

/** One line for a task; `live` (a terminal) shows bytes so far, plain output only the size. */
export function formatProgressLine(event: ProgressEvent, live = false): string {
  return [`${MARK[event.state]} ${event.label}`, amount(event, live), event.note ? `(${event.note})` : '']
    .filter(Boolean)
    .join('  ');
}

export function createProgressDisplay(stream: Stream, mode: ProgressMode): ProgressDisplay {
  if (mode === 'silent') return { sink: () => {}, finish: () => {} };
  if (mode === 'plain') {
    const last = new Map<string, string>();
    return {
      sink: (event) => {
        // One line per change of state or note; byte counts alone do not print.
        const key = `${event.state} ${event.note ?? (event.state === 'active' ? 'uploading' : '')}`;
        if (last.get(event.id) === key) return;
        last.set(event.id, key);
        stream.write(
          `${formatProgressLine({ ...event, note: event.note ?? (event.state === 'active' && event.total !== undefined ? 'sending' : undefined) })}\n`,
        );
      },
      finish: () => {},
    };
  }
  const tasks = new Map<string, ProgressEvent>();
  let drawn = 0;
  let timer: NodeJS.Timeout | undefined;
  const draw = () => {
    timer = undefined;
    const width = Math.max(40, (stream.columns ?? 100) - 1);
    let out = drawn > 0 ? `\x1b[${drawn}A` : '';
    for (const event of tasks.values()) out += `\x1b[2K${formatProgressLine(event, true).slice(0, width)}\n`;
    drawn = tasks.size;
    stream.write(out);
  };
  return {
    sink: (event) => {
      tasks.set(event.id, event);
      timer ??= setTimeout(draw, 80);
    },
    finish: () => {
      if (timer) clearTimeout(timer);
      draw();
    },
  };
}
