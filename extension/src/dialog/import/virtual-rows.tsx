// A tiny virtual list (the preview must stay smooth with 100,000 rows): only the rows in view, plus
// a few either side, are in the DOM; a spacer gives the scrollbar its full length. Rows have one fixed height,
// so the visible range is plain arithmetic and needs no measuring.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export interface VirtualRowsProps {
  count: number;
  rowHeight: number;
  /** Height of the scrolling viewport in pixels. */
  height: number;
  label: string;
  renderRow: (index: number) => ComponentChildren;
  header?: ComponentChildren;
  /** Extra class of every row (the grid layout of its cells). */
  rowClass?: string;
  /** Tells which rows are in view, e.g. to load them. */
  onRange?: (first: number, last: number) => void;
  overscan?: number;
}

export function visibleRange(
  scrollTop: number,
  height: number,
  rowHeight: number,
  count: number,
  overscan: number,
): { first: number; last: number } {
  if (count === 0) return { first: 0, last: -1 };
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count - 1, Math.ceil((scrollTop + height) / rowHeight) + overscan);
  return { first, last };
}

export function VirtualRows(props: VirtualRowsProps) {
  const { count, rowHeight, height, overscan = 6 } = props;
  const [scrollTop, setScrollTop] = useState(0);
  const { first, last } = visibleRange(scrollTop, height, rowHeight, count, overscan);
  const { onRange } = props;
  useEffect(() => onRange?.(first, last), [onRange, first, last]);
  const rows: ComponentChildren[] = [];
  for (let index = first; index <= last; index++) {
    rows.push(
      <div
        key={index}
        role="row"
        aria-rowindex={index + 2}
        class={`virtual-row ${props.rowClass ?? ''}`}
        style={{ transform: `translateY(${index * rowHeight}px)`, height: `${rowHeight}px` }}
      >
        {props.renderRow(index)}
      </div>,
    );
  }
  return (
    <div role="table" aria-label={props.label} aria-rowcount={count + 1} class="virtual-table">
      <div role="rowgroup" class="virtual-head">
        {props.header}
      </div>
      <div
        class="virtual-viewport"
        // Focusable, so the keyboard can scroll it (arrow keys, Page Up/Down).
        tabIndex={0}
        style={{ height: `${height}px` }}
        onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
      >
        <div role="rowgroup" class="virtual-spacer" style={{ height: `${count * rowHeight}px` }}>
          {rows}
        </div>
      </div>
    </div>
  );
}
