// The in-page dialog follows its page's height, so it grows once a view has rendered. Playwright checks that a
// button inside the dialog's iframe stands still, but cannot see the iframe itself move: a click right after a
// change of height can land where the button was. Tests wait for the dialog to settle before they click.
import type { FrameLocator } from 'playwright-core';

export async function settle(frame: FrameLocator): Promise<FrameLocator> {
  await frame.getByRole('button').first().waitFor();
  const iframe = frame.owner();
  let previous = '';
  let unchangedReads = 0;
  for (let read = 0; read < 200 && unchangedReads < 3; read++) {
    const box = JSON.stringify(await iframe.boundingBox());
    unchangedReads = box === previous ? unchangedReads + 1 : 0;
    previous = box;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return frame;
}
