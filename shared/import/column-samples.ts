// A few values of each column for the mapping step: seeing "anna@…", "10115" or "Ja" beside a header tells
// an administrator what a column holds faster than its name does.
export const SAMPLES_PER_COLUMN = 3;
/** Longer values are cut (with "…"): a sample is a hint, and a note column may hold pages. */
export const SAMPLE_LENGTH = 40;

export class ColumnSamples {
  readonly values: string[][];
  /** Columns that still want a value; reading stops once none does. */
  private wanting: number;

  constructor(columns: number) {
    this.values = Array.from({ length: columns }, () => []);
    this.wanting = columns;
  }

  add(cells: readonly string[]): void {
    if (!this.wanting) return;
    for (let index = 0; index < this.values.length; index++) {
      const samples = this.values[index]!;
      if (samples.length >= SAMPLES_PER_COLUMN) continue;
      const text = (cells[index] ?? '').trim();
      if (!text) continue;
      // A copy, not a slice: a slice would keep the whole row's text alive as long as the plan.
      const sample =
        text.length > SAMPLE_LENGTH ? `${text.slice(0, SAMPLE_LENGTH - 1)}…` : [...text].join('');
      if (samples.includes(sample)) continue;
      samples.push(sample);
      if (samples.length === SAMPLES_PER_COLUMN) this.wanting--;
    }
  }
}
