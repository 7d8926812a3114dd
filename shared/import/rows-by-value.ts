// The planner's index of the file's rows by the normalized value of a key column: which rows share a value
// (duplicates) and which rows a user's values name.

const NONE: readonly number[] = Object.freeze([]);

/** Row positions by a normalized value; almost every value has one row, so no array is made for it. */
export class RowsByValue {
  private readonly first = new Map<string, number>();
  private readonly more = new Map<string, number[]>();

  add(value: string, position: number): void {
    const first = this.first.get(value);
    if (first === undefined) this.first.set(value, position);
    else {
      const more = this.more.get(value);
      if (more) more.push(position);
      else this.more.set(value, [first, position]);
    }
  }

  /** No value is left (a map without entries is not hashed into at all). */
  get empty(): boolean {
    return this.first.size === 0;
  }

  delete(value: string): void {
    this.first.delete(value);
    if (this.more.size) this.more.delete(value);
  }

  // A file without repeated values (the usual one) has no `more`: its lookups are skipped, not hashed in vain.
  get(value: string): readonly number[] {
    if (this.more.size) {
      const more = this.more.get(value);
      if (more) return more;
    }
    const first = this.first.get(value);
    return first === undefined ? NONE : [first];
  }

  /** The same index with only the positions `keep` accepts (itself when it accepts them all: no copy). */
  filter(keep: (position: number) => boolean): RowsByValue {
    let all = true;
    for (const [value, position] of this.first) {
      for (const each of this.more.get(value) ?? [position]) all &&= keep(each);
      if (!all) break;
    }
    if (all) return this;
    const kept = new RowsByValue();
    for (const [value, position] of this.first) {
      for (const each of this.more.get(value) ?? [position]) if (keep(each)) kept.add(value, each);
    }
    return kept;
  }

  /** Values with two or more rows. */
  repeated(): IterableIterator<[string, number[]]> {
    return this.more.entries();
  }
}
