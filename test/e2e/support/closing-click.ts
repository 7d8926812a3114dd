// A button that closes the dialog removes the out-of-process frame its click lands in. A mouse click can still be
// being dispatched into that frame when it goes, and then waits for an acknowledgement that never comes (seen in
// CI on a loaded machine): such buttons get a DOM click, which returns once the page has handled it.
import type { Locator } from 'playwright-core';

export async function clickClosingButton(button: Locator): Promise<void> {
  await button.waitFor();
  await button.evaluate((element) => (element as HTMLElement).click());
}
