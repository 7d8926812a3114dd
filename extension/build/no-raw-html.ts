// Removes preact's one raw-HTML sink (`dangerouslySetInnerHTML` → `el.innerHTML = html`) from the
// build. The extension never renders raw HTML, and `web-ext lint` (Mozilla's review) flags any
// dynamic innerHTML assignment; with this, the lint is clean and no raw HTML can sneak in later.
// Should preact's code change shape, the build fails here instead of silently keeping the sink.
import type { Plugin } from 'vite';

const RAW_HTML_SINK = /(\b[\w$]+)\.innerHTML\s*=\s*([\w$]+)\.__html/g;
const REPLACEMENT =
  '(()=>{throw new Error("Raw HTML (dangerouslySetInnerHTML) is disabled in this extension.")})()';

export function withoutRawHtml(code: string): string {
  return code.replace(RAW_HTML_SINK, REPLACEMENT);
}

export function noRawHtml(): Plugin {
  return {
    name: 'portatour:no-raw-html',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]node_modules[\\/]preact[\\/]dist[\\/]preact\.module\.js/.test(id)) return null;
      const rewritten = withoutRawHtml(code);
      if (rewritten === code)
        this.error(`preact changed: no innerHTML sink found in ${id}; review no-raw-html.ts`);
      return { code: rewritten, map: null };
    },
  };
}
