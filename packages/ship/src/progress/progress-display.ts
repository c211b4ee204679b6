// The one place ship draws progress on stderr, for every command: tasks (bytes
// per layer, skipped layers shown as such), a status line (a rollout's state)
// and lines of their own ("created cluster demo"). On a terminal the tasks and
// the status are redrawn in place below the lines; otherwise each change of
// state is one plain line; or nothing (--json). rollout-progress.ts turns a
// rollout's polls into status and lines; the build reports through `sink`.
import type { ProgressEvent, ProgressSink } from './progress-events.js';

export type ProgressMode = 'tty' | 'plain' | 'silent';

export interface ProgressDisplay {
  sink: ProgressSink;
  /** A line of its own, above the tasks and status being redrawn. */
  line: (text: string) => void;
  /** The status line (a rollout's state); undefined removes it. Plain output prints it when it changes. */
  status: (text: string | undefined) => void;
  /** Draws the tasks' final state and leaves them on screen; later tasks start a new block. */
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
  if (mode === 'silent') return { sink: () => {}, line: () => {}, status: () => {}, finish: () => {} };
  if (mode === 'plain') {
    const last = new Map<string, string>();
    let lastStatus: string | undefined;
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
      line: (text) => stream.write(`${text}\n`),
      status: (text) => {
        if (text && text !== lastStatus) stream.write(`  ${text}\n`);
        if (text) lastStatus = text;
      },
      finish: () => {},
    };
  }
  const tasks = new Map<string, ProgressEvent>();
  let status: string | undefined;
  /** How many lines the live area (tasks, then status) takes on screen now. */
  let drawn = 0;
  let timer: NodeJS.Timeout | undefined;
  const liveLines = () => {
    const width = Math.max(40, (stream.columns ?? 100) - 1);
    const lines = [...tasks.values()].map((event) => formatProgressLine(event, true));
    if (status) lines.push(`  ${status}`);
    return lines.map((l) => l.slice(0, width));
  };
  const up = () => (drawn > 0 ? `\x1b[${drawn}A` : '');
  const draw = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const lines = liveLines();
    // Fewer lines than before (a status removed): clear what is below.
    let out = up() + lines.map((l) => `\x1b[2K${l}\n`).join('');
    if (lines.length < drawn) out += '\x1b[0J';
    drawn = lines.length;
    if (out) stream.write(out);
  };
  return {
    sink: (event) => {
      tasks.set(event.id, event);
      timer ??= setTimeout(draw, 80);
    },
    line: (text) => {
      // Above the live area: erase it, print the line, draw the area again below.
      stream.write(`${up()}${drawn > 0 ? '\x1b[0J' : ''}${text}\n`);
      drawn = 0;
      draw();
    },
    status: (text) => {
      status = text;
      draw();
    },
    finish: () => {
      draw();
      // The tasks stay on screen as they are; they are no longer redrawn.
      drawn = status ? 1 : 0;
      tasks.clear();
    },
  };
}
