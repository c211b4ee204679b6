// Labels along an axis (events on the chart and in its image) kept from overlapping. Pure.

/** Rows of labels along an axis: a label takes the first row where it overlaps no other. */
export class LabelRows {
  private readonly rows: [number, number][][];

  constructor(count: number) {
    this.rows = Array.from({ length: count }, () => []);
  }

  /** The row for a label spanning [from, to] (the least crowded when every row overlaps). */
  place(from: number, to: number): number {
    let row = this.rows.findIndex((spans) => spans.every(([a, b]) => to < a || from > b));
    if (row < 0)
      row = this.rows.reduce((best, spans, i) => (spans.length < this.rows[best]!.length ? i : best), 0);
    this.rows[row]!.push([from, to]);
    return row;
  }
}
