// The preview's table of changes, one page at a time: the proxy answers `changes` for `offset`/`limit`
// (docs/api-guide.md#endpoints), so a 100,000-row plan never travels whole; pages are fetched as they scroll into view.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
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
  const [pages, setPages] = useState<ReadonlyMap<number, PlannedChange[]>>(
    () => new Map([[0, plan.changes]]),
  );
  const requested = useRef(new Set<number>([0]));
  const loader = useRef(loadPage);
  loader.current = loadPage;
  const currentPlan = useRef(plan);
  currentPlan.current = plan;

  // A new plan (after a correction or a changed option) starts from its own first page.
  useEffect(() => {
    setPages(new Map([[0, plan.changes]]));
    requested.current = new Set([0]);
  }, [plan]);

  const onRange = useCallback(
    (first: number, last: number) => {
      for (const page of pagesInRange(first, last, CHANGES_PAGE_SIZE)) {
        if (requested.current.has(page)) continue;
        requested.current.add(page);
        void loader.current(page * CHANGES_PAGE_SIZE, CHANGES_PAGE_SIZE).then((rows) => {
          if (currentPlan.current !== plan) return;
          if (!rows) {
            requested.current.delete(page);
            return;
          }
          setPages((current) => new Map(current).set(page, rows));
        });
      }
    },
    [plan],
  );

  const changeAt = (index: number): PlannedChange | undefined =>
    pages.get(Math.floor(index / CHANGES_PAGE_SIZE))?.[index % CHANGES_PAGE_SIZE];

  return { changeAt, onRange };
}
