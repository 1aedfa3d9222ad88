// Debian's Chromium for the browser tests: where it is, whether the tests run, and one launch.
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Whether Chromium is here; under CI it must be (`.ci/run` installs it), elsewhere a visible skip. */
export function chromiumAvailable(testName: string): boolean {
  const available = existsSync(CHROMIUM);
  if (!available && process.env.CI)
    throw new Error(`CI needs Chromium at ${CHROMIUM} (apt-get install chromium)`);
  if (!available)
    console.warn(
      `[${testName}] skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`,
    );
  return available;
}

/** Headless, and quiet: this machine's network is closed, so no background connections. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
