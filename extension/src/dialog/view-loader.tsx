// Loads a dialog view on demand, so each dialog page fetches only its own view (the import wizard is
// the big one and loads only for Import).
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { DialogView } from '../common/dialog-link.ts';
import type { ViewProps } from './view-props.ts';

type ViewModule = { default: ComponentType<ViewProps> };

const loaders: Record<DialogView, () => Promise<ViewModule>> = {
  import: () => import('./import/import-wizard.tsx'),
  export: () => import('./export-view.tsx'),
  'import-settings': () => import('./import-settings-view.tsx'),
};

export function LazyView({ view, ...props }: ViewProps & { view: DialogView }) {
  const [View, setView] = useState<ComponentType<ViewProps> | null>(null);
  useEffect(() => {
    let current = true;
    void loaders[view]().then((module) => {
      // A function in state must be wrapped, or preact calls it as an updater.
      if (current) setView(() => module.default);
    });
    return () => {
      current = false;
    };
  }, [view]);
  return View ? <View {...props} /> : null;
}
