/**
 * A headless Chromium from the project's own install: @sparticuz/chromium carries its binary inside the npm
 * package; Debian's /usr/bin/chromium is the fallback where that binary cannot start.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  const failures: string[] = [];
  try {
    const { default: packaged } = await import('@sparticuz/chromium');
    return await chromium.launch({
      executablePath: await packaged.executablePath(),
      args: packaged.args,
      headless: true,
    });
  } catch (error) {
    failures.push(`@sparticuz/chromium: ${(error as Error).message.split('\n')[0]}`);
  }
  if (existsSync(DEBIAN_CHROMIUM)) {
    try {
      return await chromium.launch({ executablePath: DEBIAN_CHROMIUM, headless: true });
    } catch (error) {
      failures.push(`${DEBIAN_CHROMIUM}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  throw new Error(
    `No Chromium could start for the browser tests (${failures.join('; ') || 'none found'}). Run npm ci, or apt-get install chromium.`,
  );
}
