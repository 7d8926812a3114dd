// The preview's table of changes, one page at a time: the proxy answers `changes` for `offset`/`limit`
// (docs/api-guide.md#endpoints), so a 100,000-row plan never travels whole; pages are fetched as they scroll into view.
import { useCallback, useRef, useState } from 'preact/hooks';
import type { ImportPreview, PlannedChange } from './import-types.ts';

export const CHANGES_PAGE_SIZE = 500;

export type LoadPage = (offset: number, limit: number) => Promise<PlannedChange[] | null>;

export function pagesInRange(first: number, last: number, pageSize: number): number[] {
  if (last < first) return [];
  const pages: number[] = [];
  for (let page = Math.floor(first / pageSize); page <= Math.floor(last / pageSize); page++) pages.push(page);
  return pages;
}

/** The change at `index`, or undefined while its page loads; `onRange` asks for the pages in view. */
export function useChangePages(plan: ImportPreview, loadPage: LoadPage) {
  // The pages belong to the plan they were loaded for: a new plan (after a correction or a changed option) starts
  // from its own first page in the very render that shows it, never with a row of the plan before.
  const [loaded, setLoaded] = useState(() => ({ plan, pages: firstPage(plan) }));
  const pages = loaded.plan === plan ? loaded.pages : firstPage(plan);
  const requested = useRef({ plan, pages: new Set<number>([0]) });
  if (requested.current.plan !== plan) requested.current = { plan, pages: new Set([0]) };
  const loader = useRef(loadPage);
  loader.current = loadPage;
  const currentPlan = useRef(plan);
  currentPlan.current = plan;

  const onRange = useCallback(
    (first: number, last: number) => {
      const asked = requested.current;
      if (asked.plan !== plan) return;
      for (const page of pagesInRange(first, last, CHANGES_PAGE_SIZE)) {
        if (asked.pages.has(page)) continue;
        asked.pages.add(page);
        void loader.current(page * CHANGES_PAGE_SIZE, CHANGES_PAGE_SIZE).then((rows) => {
          if (currentPlan.current !== plan) return;
          if (!rows) {
            asked.pages.delete(page);
            return;
          }
          setLoaded((current) => {
            const base = current.plan === plan ? current.pages : firstPage(plan);
            return { plan, pages: new Map(base).set(page, rows) };
          });
        });
      }
    },
    [plan],
  );

  const changeAt = (index: number): PlannedChange | undefined =>
    pages.get(Math.floor(index / CHANGES_PAGE_SIZE))?.[index % CHANGES_PAGE_SIZE];

  return { changeAt, onRange };
}

function firstPage(plan: ImportPreview): ReadonlyMap<number, PlannedChange[]> {
  return new Map([[0, plan.changes]]);
}
