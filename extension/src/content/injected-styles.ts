// Styles of everything the content script injects. They live in a shadow root, so the host page's
// CSS cannot break them and ours cannot leak into the page. Neutral system colours and fonts, so the
// controls sit well on the stand-in's page and on portatour's.
export const injectedStyles = `
:host { all: initial; display: block; margin: 16px 12px 4px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2933; }
.bar { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; padding: 12px 16px; border: 1px solid #d9dee5; border-radius: 10px; background: #f8fafc; }
.bar-title { font-weight: 600; margin-right: auto; }
button { font: inherit; font-weight: 500; padding: 7px 14px; border-radius: 8px; border: 1px solid #c5ccd6; background: #fff; color: #1f2933; cursor: pointer; transition: background .15s, border-color .15s; }
button:hover { background: #eef2f7; border-color: #aab4c2; }
button:focus-visible { outline: 3px solid #93c5fd; outline-offset: 1px; }
button.primary { background: #1d4ed8; border-color: #1d4ed8; color: #fff; }
button.primary:hover { background: #1e40af; border-color: #1e40af; }
.bar.has-notice .bar-title { margin-right: 8px; }
.notice { margin: 0; color: #52606d; }
a { color: #1d4ed8; }
dialog { margin: 8vh auto auto; padding: 0; border: 0; border-radius: 14px; width: min(var(--dialog-width, 560px), calc(100vw - 32px)); max-height: calc(92vh - 24px); box-shadow: 0 24px 64px rgba(15, 23, 42, .28); overflow: hidden; background: #fff; }
dialog::backdrop { background: rgba(15, 23, 42, .45); }
iframe { display: block; width: 100%; height: var(--frame-height, 320px); max-height: calc(92vh - 24px); border: 0; }
`;
