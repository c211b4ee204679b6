// The indicator controls: three selects (outcome × classification × measure) whose
// options say when a combination has no data or only a few reports, the raw HDX
// name of what is shown, and a select of all HDX indicators by name (the original app's list).
import type { IndicatorInfo, SeriesMeasure } from '../core/api-types.js';
import {
  availability,
  type Choice,
  CLASSIFICATIONS,
  choiceOf,
  nearestAvailable,
  OUTCOMES,
  optionText,
  PICKER_MEASURES,
  resolveChoice,
} from './indicator-choice.js';

export interface IndicatorElements {
  outcome: HTMLSelectElement;
  classification: HTMLSelectElement;
  measure: HTMLSelectElement;
  raw: HTMLSelectElement;
  hdxName: HTMLElement;
}

const OTHER = 'other';

function fill(select: HTMLSelectElement, options: { value: string; text: string; disabled: boolean }[]) {
  const value = select.value;
  select.replaceChildren(
    ...options.map((o) => {
      const option = document.createElement('option');
      option.value = o.value;
      option.textContent = o.text;
      option.disabled = o.disabled;
      return option;
    }),
  );
  select.value = value;
}

/** Alphabetical, ignoring case (the HDX names are plain English). */
function byName(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

export class IndicatorPicker {
  private indicators: IndicatorInfo[] = [];
  private current: Choice | null = null;
  /** The outcome last chosen outside the CFR (which is deaths ÷ cases): leaving the CFR returns to it. */
  private outcome: Choice['outcome'] = 'cases';

  constructor(
    private readonly el: IndicatorElements,
    onChange: (indicatorId: string, measure: SeriesMeasure) => void,
  ) {
    const pick = () => {
      const wanted: Choice = {
        outcome: this.current?.measure === 'cfr' ? this.outcome : (el.outcome.value as Choice['outcome']),
        classification: el.classification.value as Choice['classification'],
        measure: (el.measure.value === OTHER ? 'cumulative' : el.measure.value) as Choice['measure'],
      };
      const choice = nearestAvailable(this.indicators, wanted);
      const resolved = resolveChoice(this.indicators, choice);
      if (resolved) onChange(resolved.indicator.id, resolved.measure);
    };
    el.outcome.addEventListener('change', pick);
    el.classification.addEventListener('change', pick);
    el.measure.addEventListener('change', pick);
    el.raw.addEventListener('change', () => {
      const indicator = this.indicators.find((i) => i.id === el.raw.value);
      if (indicator) onChange(indicator.id, 'cumulative');
    });
  }

  setIndicators(indicators: IndicatorInfo[]): void {
    this.indicators = indicators;
    this.el.raw.replaceChildren(
      ...[...indicators]
        // Not localeCompare: its first call builds an ICU collator (≈25 ms in a fresh page).
        .sort((a, b) => byName(a.name, b.name))
        .map((i) => {
          const option = document.createElement('option');
          option.value = i.id;
          option.textContent = `${i.name} (${i.rows} reports)`;
          return option;
        }),
    );
  }

  /** Shows the state's indicator and measure; marks each option with its availability. */
  show(indicatorId: string, measure: SeriesMeasure): void {
    const indicator = this.indicators.find((i) => i.id === indicatorId || i.name === indicatorId);
    const found = choiceOf(indicator, measure);
    if (found && found.measure !== 'cfr') this.outcome = found.outcome;
    // The CFR is stored as its deaths indicator: show the outcome the reader had.
    const choice = found?.measure === 'cfr' ? { ...found, outcome: this.outcome } : found;
    this.current = choice;
    const base: Choice = choice ?? {
      outcome: indicator?.facets?.outcome ?? 'cases',
      classification: indicator?.facets?.classification ?? 'all',
      measure: 'cumulative',
    };
    fill(
      this.el.outcome,
      OUTCOMES.map((o) => {
        const a = availability(this.indicators, { ...base, outcome: o.value });
        return { value: o.value, text: optionText(o.label, a), disabled: a.kind === 'none' };
      }),
    );
    fill(
      this.el.classification,
      CLASSIFICATIONS.map((c) => {
        const a = availability(this.indicators, { ...base, classification: c.value });
        return { value: c.value, text: optionText(c.label, a), disabled: a.kind === 'none' };
      }),
    );
    fill(this.el.measure, [
      ...PICKER_MEASURES.map((m) => {
        const a = availability(this.indicators, { ...base, measure: m.value });
        return { value: m.value, text: optionText(m.label, a), disabled: a.kind === 'none' };
      }),
      ...(choice ? [] : [{ value: OTHER, text: 'Other: see the HDX name below', disabled: false }]),
    ]);
    this.el.outcome.value = base.outcome;
    this.el.classification.value = base.classification;
    this.el.measure.value = choice ? choice.measure : OTHER;
    // A crude CFR is deaths ÷ cases whatever the outcome.
    this.el.outcome.disabled = choice?.measure === 'cfr';
    if (indicator) this.el.raw.value = indicator.id;
    const resolved = choice ? resolveChoice(this.indicators, choice) : null;
    this.el.hdxName.textContent = resolved?.hdxName ?? indicator?.name ?? indicatorId;
  }

  get choice(): Choice | null {
    return this.current;
  }
}
