// The timeline under the chart, as OWID's grapher has it: a track of dates with two
// handles for the chart's range, or one handle (and Play) for the map's date. Each
// handle is a WAI-ARIA slider: arrows, Page Up/Down, Home/End, and its date as
// aria-valuetext. A drag shows its dates as it goes and reports once, on release.
import { formatDate } from './chart-data.js';
import { t } from './i18n.js';
import {
  fractionOf,
  type Handle,
  handleBounds,
  keyTarget,
  nearerHandle,
  type Steps,
  stopAt,
  stopOf,
} from './timeline-model.js';

const PLAY_STEP_MS = 160;

export type TimelineView =
  | { mode: 'range'; stops: string[]; from: string | null; to: string | null; minGap: number }
  | { mode: 'date'; stops: string[]; date: string | null };

export interface TimelineEvents {
  /** The range chose (ISO, inclusive); `key` says a key press did it (a run of them is one history entry). */
  onRange: (from: string, to: string, source: 'key' | 'pointer') => void;
  /** The date chose (map). */
  onDate: (date: string) => void;
}

/** Range: a week per arrow press, four per page; the map: a report per press, ten per page. */
const STEPS: Record<TimelineView['mode'], Steps> = {
  range: { arrow: 7, page: 28 },
  date: { arrow: 1, page: 10 },
};

export class DateTimeline {
  private readonly track: HTMLDivElement;
  private readonly fill: HTMLDivElement;
  private readonly handles: Record<'start' | 'end', HTMLDivElement>;
  private readonly labels: Record<'start' | 'end', HTMLOutputElement>;
  private readonly play: HTMLButtonElement;
  private view: TimelineView | null = null;
  private start = 0;
  private end = 0;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly root: HTMLElement,
    private readonly events: TimelineEvents,
  ) {
    this.play = document.createElement('button');
    this.play.type = 'button';
    this.play.className = 'button timeline-play';
    this.play.dataset['testid'] = 'map-play';
    this.play.setAttribute('aria-pressed', 'false');
    this.play.addEventListener('click', () => (this.timer ? this.stop() : this.startPlaying()));
    this.track = document.createElement('div');
    this.track.className = 'timeline-track';
    this.fill = document.createElement('div');
    this.fill.className = 'timeline-fill';
    const handle = (which: 'start' | 'end') => {
      const el = document.createElement('div');
      el.className = `timeline-handle timeline-${which}`;
      el.setAttribute('role', 'slider');
      el.tabIndex = 0;
      el.addEventListener('keydown', (e) => this.key(e, which));
      el.addEventListener('pointerdown', (e) => this.grab(e, which));
      return el;
    };
    this.handles = { start: handle('start'), end: handle('end') };
    this.track.append(this.fill, this.handles.start, this.handles.end);
    this.track.addEventListener('pointerdown', (e) => this.press(e));
    const label = (which: 'start' | 'end') => {
      const out = document.createElement('output');
      out.className = `timeline-label timeline-label-${which}`;
      return out;
    };
    this.labels = { start: label('start'), end: label('end') };
    root.replaceChildren(this.play, this.labels.start, this.track, this.labels.end);
  }

  /** What the timeline chooses now: the chart's range, the map's date, or nothing yet. */
  get mode(): TimelineView['mode'] | null {
    return this.view?.mode ?? null;
  }

  /** Shows a range or a date; a drag in progress is left alone. */
  show(view: TimelineView): void {
    if (this.root.dataset['dragging']) return;
    if (view.mode === 'range' || view.stops.length === 0) this.stop();
    this.view = view;
    const n = view.stops.length;
    if (view.mode === 'range') {
      this.start = Math.max(0, stopOf(view.stops, view.from, 'first'));
      // An end given as a date is the last stop on or before it; never before the start.
      this.end = Math.max(this.start, stopOf(view.stops, view.to, 'last'));
    } else {
      this.start = Math.max(0, stopOf(view.stops, view.date, 'last'));
      this.end = this.start;
    }
    const single = view.mode === 'date';
    this.root.dataset['mode'] = view.mode;
    // Before the dates are known the timeline keeps its place, empty: nothing below it moves.
    this.root.classList.toggle('is-empty', n === 0);
    this.play.hidden = !single;
    this.handles.start.hidden = single;
    this.labels.start.hidden = single;
    // The map's testids (its slider and date) are the single handle's.
    this.handles.end.dataset['testid'] = single ? 'map-slider' : 'timeline-end';
    this.handles.start.dataset['testid'] = 'timeline-start';
    this.labels.end.dataset['testid'] = single ? 'map-date' : 'timeline-end-date';
    this.labels.start.dataset['testid'] = 'timeline-start-date';
    this.relabel();
    this.place();
  }

  /** The words, in the page's language. */
  relabel(): void {
    this.root.setAttribute('aria-label', t().timeline);
    this.handles.start.setAttribute('aria-label', t().timelineStart);
    this.handles.end.setAttribute(
      'aria-label',
      this.view?.mode === 'date' ? t().timelineDate : t().timelineEnd,
    );
    this.play.textContent = this.timer ? t().pause : t().play;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.play.textContent = t().play;
    this.play.setAttribute('aria-pressed', 'false');
  }

  private place(): void {
    const view = this.view;
    if (!view) return;
    const n = view.stops.length;
    const [a, b] = [fractionOf(this.start, n), fractionOf(this.end, n)];
    this.handles.start.style.left = `${a * 100}%`;
    this.handles.end.style.left = `${b * 100}%`;
    this.fill.style.left = view.mode === 'range' ? `${a * 100}%` : '0';
    this.fill.style.width = `${(view.mode === 'range' ? b - a : b) * 100}%`;
    for (const which of ['start', 'end'] as const) {
      const index = which === 'start' ? this.start : this.end;
      const date = view.stops[index] ?? null;
      const el = this.handles[which];
      const bounds = this.bounds(which);
      el.setAttribute('aria-valuemin', String(bounds.min));
      el.setAttribute('aria-valuemax', String(bounds.max));
      el.setAttribute('aria-valuenow', String(index));
      el.setAttribute('aria-valuetext', formatDate(date));
      el.dataset['date'] = date ?? '';
      this.labels[which].value = formatDate(date);
    }
  }

  private handleOf(which: 'start' | 'end'): Handle {
    return this.view?.mode === 'date' ? 'date' : which;
  }

  private bounds(which: 'start' | 'end'): { min: number; max: number } {
    const view = this.view;
    const n = view?.stops.length ?? 0;
    const minGap = view?.mode === 'range' ? Math.min(view.minGap, Math.max(0, n - 1)) : 0;
    return handleBounds(this.handleOf(which), n, which === 'start' ? this.end : this.start, minGap);
  }

  private set(which: 'start' | 'end', index: number): boolean {
    const bounds = this.bounds(which);
    const clamped = Math.min(bounds.max, Math.max(bounds.min, index));
    const before = which === 'start' ? this.start : this.end;
    if (which === 'start') this.start = clamped;
    else this.end = clamped;
    if (this.view?.mode === 'date') this.start = this.end;
    this.place();
    return clamped !== before;
  }

  private report(source: 'key' | 'pointer'): void {
    const view = this.view;
    if (!view) return;
    if (view.mode === 'date') {
      const date = view.stops[this.end];
      if (date) this.events.onDate(date);
      return;
    }
    const [from, to] = [view.stops[this.start], view.stops[this.end]];
    if (from && to) this.events.onRange(from, to, source);
  }

  private key(e: KeyboardEvent, which: 'start' | 'end'): void {
    const view = this.view;
    if (!view || e.altKey || e.ctrlKey || e.metaKey) return;
    const index = which === 'start' ? this.start : this.end;
    const target = keyTarget(e.key, index, this.bounds(which), STEPS[view.mode]);
    if (target === null) return;
    e.preventDefault();
    if (this.set(which, target)) this.report('key');
  }

  private stopUnder(e: PointerEvent): number {
    const box = this.track.getBoundingClientRect();
    return stopAt((e.clientX - box.left) / Math.max(1, box.width), this.view?.stops.length ?? 0);
  }

  /** A press on the track (not on a handle): the nearer handle jumps there and follows the drag. */
  private press(e: PointerEvent): void {
    if (!this.view || e.button !== 0) return;
    if (e.target === this.handles.start || e.target === this.handles.end) return;
    const begin = { start: this.start, end: this.end };
    const index = this.stopUnder(e);
    const which = this.view.mode === 'date' ? 'end' : nearerHandle(index, this.start, this.end);
    this.set(which, index);
    if (this.view.mode === 'date') this.report('pointer');
    this.grab(e, which, begin);
  }

  private grab(e: PointerEvent, which: 'start' | 'end', begin = { start: this.start, end: this.end }): void {
    if (!this.view || e.button !== 0) return;
    e.preventDefault();
    e.stopPropagation();
    this.stop();
    this.handles[which].focus();
    this.track.setPointerCapture(e.pointerId);
    this.root.dataset['dragging'] = which;
    const move = (m: PointerEvent) => {
      this.set(which, this.stopUnder(m));
      // The map follows a drag as it goes (painting it is cheap; nothing is fetched).
      if (this.view?.mode === 'date') this.report('pointer');
    };
    const release = () => {
      this.track.removeEventListener('pointermove', move);
      this.track.removeEventListener('pointerup', release);
      this.track.removeEventListener('pointercancel', release);
      delete this.root.dataset['dragging'];
      if (this.start !== begin.start || this.end !== begin.end) this.report('pointer');
    };
    this.track.addEventListener('pointermove', move);
    this.track.addEventListener('pointerup', release);
    this.track.addEventListener('pointercancel', release);
  }

  private startPlaying(): void {
    const view = this.view;
    if (view?.mode !== 'date' || view.stops.length === 0) return;
    if (this.end >= view.stops.length - 1) this.set('end', 0);
    this.play.textContent = t().pause;
    this.play.setAttribute('aria-pressed', 'true');
    this.timer = setInterval(() => {
      if (!this.view || this.end >= this.view.stops.length - 1) {
        this.stop();
        return;
      }
      this.set('end', this.end + 1);
      this.report('pointer');
    }, PLAY_STEP_MS);
    this.report('pointer');
  }
}
