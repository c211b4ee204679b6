// What long-running work reports, independent of how it is shown: a set of tasks, each with a
// state and optionally a byte or item count. Renderers (TTY, plain lines, none) draw these.

export type TaskState = 'pending' | 'active' | 'done' | 'skipped' | 'failed';

export interface ProgressEvent {
  /** Stable per task, e.g. a blob digest or "service". */
  id: string;
  /** What the task is, in the user's words: "app sha256:ab12… packages/dashboard". */
  label: string;
  state: TaskState;
  current?: number;
  total?: number;
  /** Units of current/total; bytes unless said otherwise. */
  unit?: 'bytes' | 'items';
  /** A short status: "already in the registry", "retrying: ECONNRESET". */
  note?: string;
}

export type ProgressSink = (event: ProgressEvent) => void;
