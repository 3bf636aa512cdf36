/**
 * The Metronome app in a real browser: `nome preview`'s server and bundle against a local org seeded by a real
 * sync from the Metronome sandbox, driven by playwright-core in headless Chromium. One org, one build, one
 * browser for the whole file. Screenshots of each tab land in .nome/preview/screenshots (git-ignored).
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_DIR } from '../../scripts/metadata/index.ts';
import { defaultCacheDir, startPreview, type Preview } from '../../scripts/preview/index.ts';
import { startWorld, type World } from '../sync/world.ts';
import { spawnNome } from '../support/nome-process.ts';
import { launchChromium } from './chromium.ts';
import { componentQuery, shapeDifferences } from './shape.ts';

const LWC_DIR = path.join(PROJECT_DIR, 'force-app', 'main', 'default', 'lwc');
const SCREENSHOTS = path.join(defaultCacheDir(PROJECT_DIR), 'screenshots');
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let world: World;
let preview: Preview;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  world = await startWorld({ customers: 12, seed: 11 });
  await world.sync();
  preview = await startPreview({ conn: world.conn as never });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  mkdirSync(SCREENSHOTS, { recursive: true });
}, 900_000); // the first run compiles the bundle: minutes on a busy 2-core machine, then cached

afterAll(async () => {
  await browser?.close();
  await preview?.stop();
  await world?.stop();
});

/** What a child process printed so far, on each stream. */
function printed(child: ChildProcess): { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return { out: () => out, err: () => err };
}

async function open(route: string): Promise<void> {
  await page.goto(`${preview.url}${route}`);
}

async function screenshot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** axe-core run on the page's real DOM; the serious and critical violations, described. */
async function accessibilityViolations(): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            context: Document,
            options: object,
          ): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.targets.join(', ')}`);
}

async function soqlCount(soql: string): Promise<number> {
  const result = await world.conn.query(soql);
  return result.totalSize;
}

interface Customer {
  Id: string;
  NOME__Name__c: string;
  NOME__Metronome_Customer_ID__c: string;
}

/** The customer with the most invoices, so the summary has rows to count and a line item to open. */
async function busiestCustomer(): Promise<Customer> {
  const invoices = await world.query<{ NOME__Customer__c: string }>(
    'SELECT NOME__Customer__c FROM NOME__Metronome_Invoice__c',
  );
  const counts = new Map<string, number>();
  for (const i of invoices) counts.set(i.NOME__Customer__c, (counts.get(i.NOME__Customer__c) ?? 0) + 1);
  const [id] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
  const [customer] = await world.query<Customer>(
    `SELECT Id, NOME__Name__c, NOME__Metronome_Customer_ID__c FROM NOME__Metronome_Customer__c WHERE Id = '${id}'`,
  );
  return customer!;
}

/** customerSearch waits this long after the last keystroke before it queries (SEARCH_DELAY_MS). */
const SEARCH_DELAY_MS = 300;

/** Types a term and waits until the search it starts has answered: the results listed are this term's. */
async function search(term: string): Promise<void> {
  await page.locator('c-customer-search input').fill(term);
  await page.waitForTimeout(SEARCH_DELAY_MS + 100);
  await expect.poll(() => page.locator('c-customer-search lightning-spinner').count()).toBe(0);
}

describe('the Billing Overview tab', { timeout: 60_000 }, () => {
  it('finds a customer by name and by Metronome ID', async () => {
    const customer = await busiestCustomer();
    await open('/');
    await page.waitForURL(/\/lightning\/n\/NOME__Billing_Overview/);
    await search(customer.NOME__Name__c.slice(0, 6));
    await expect
      .poll(() => page.locator('c-customer-search li button.result').allInnerTexts())
      .toContain(customer.NOME__Name__c);
    await search(customer.NOME__Metronome_Customer_ID__c);
    await expect
      .poll(() => page.locator('c-customer-search li button.result').allInnerTexts())
      .toEqual([customer.NOME__Name__c]);
    await screenshot('Billing_Overview-search');
  });

  it("shows the customer's summary: every invoice of the customer, and its line items on demand", async () => {
    const customer = await busiestCustomer();
    await search(customer.NOME__Metronome_Customer_ID__c);
    await page.locator('c-customer-search li button.result', { hasText: customer.NOME__Name__c }).click();
    await page.waitForURL(new RegExp(`NOME__customerId=${customer.Id}`));
    const rows = page.locator('c-invoice-list tbody tr');
    const expected = await soqlCount(
      `SELECT Id FROM NOME__Metronome_Invoice__c WHERE NOME__Customer__c = '${customer.Id}'`,
    );
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(expected);
    await rows.first().locator('button', { hasText: 'Line items' }).click();
    await page.locator('c-invoice-line-items section').waitFor({ state: 'visible' });
    await expect
      .poll(() => page.locator('c-invoice-line-items tbody tr, c-invoice-line-items p.slds-text-color_weak').count())
      .toBeGreaterThan(0);
    // What a person sees, not only what the DOM holds: the datatables lay their cells out after the rows exist.
    const laidOut = async (table: string) => (await page.locator(`${table} thead th`).nth(1).boundingBox())?.width ?? 0;
    await expect.poll(() => laidOut('c-invoice-list')).toBeGreaterThan(0);
    await expect.poll(() => laidOut('c-invoice-line-items')).toBeGreaterThan(0);
    await screenshot('Billing_Overview');
    expect(await accessibilityViolations()).toEqual([]);
  });
});

describe('the object tabs', () => {
  it('each lists its records in its All list view', async () => {
    for (const tab of preview.model.tabs.filter((t) => t.kind === 'object')) {
      await open(`/lightning/o/${tab.objectApiName}/list`);
      const total = await soqlCount(`SELECT Id FROM ${tab.objectApiName}`);
      const countLine = page.locator('preview-list-view .list-count');
      await expect
        .poll(() => countLine.innerText(), { message: tab.label })
        .toMatch(total > 200 ? new RegExp(`of ${total} items`) : new RegExp(`^${total} items?$`));
      if (total > 0)
        expect(await page.locator('preview-list-view tbody tr').count(), tab.label).toBe(Math.min(total, 200));
      await screenshot(tab.name);
      expect(await accessibilityViolations(), tab.label).toEqual([]);
    }
  }, 180_000);

  it('opens a record laid out by its page layout', async () => {
    const [invoice] = await world.query<{ Id: string; Name: string }>(
      'SELECT Id, Name FROM NOME__Metronome_Invoice__c LIMIT 1',
    );
    await open(`/lightning/r/NOME__Metronome_Invoice__c/${invoice!.Id}/view`);
    await expect.poll(() => page.locator('preview-record-page .record-title').innerText()).toBe(invoice!.Name);
    await page.locator('preview-record-page dt').first().waitFor({ state: 'visible' });
    await screenshot('Metronome_Invoice__c-record');
  });
});

describe('the Account record page', { timeout: 60_000 }, () => {
  it("shows the account's linked Metronome customers, primary first", async () => {
    const links = await world.query<{
      NOME__Account__c: string;
      NOME__Customer__c: string;
      NOME__Is_Primary__c: boolean;
    }>('SELECT NOME__Account__c, NOME__Customer__c, NOME__Is_Primary__c FROM NOME__Metronome_Customer_Account__c');
    const primaries = await world.query<{ Id: string; NOME__Account__c: string }>(
      'SELECT Id, NOME__Account__c FROM NOME__Metronome_Customer__c WHERE NOME__Account__c != null',
    );
    const byAccount = new Map<string, Set<string>>();
    for (const c of primaries)
      byAccount.set(c.NOME__Account__c, new Set([...(byAccount.get(c.NOME__Account__c) ?? []), c.Id]));
    for (const l of links)
      byAccount.set(l.NOME__Account__c, new Set([...(byAccount.get(l.NOME__Account__c) ?? []), l.NOME__Customer__c]));
    const [accountId, customers] = [...byAccount.entries()].sort((a, b) => b[1].size - a[1].size)[0]!;
    await open(`/lightning/r/Account/${accountId}/view`);
    const summaries = page.locator('c-metronome-billing c-customer-summary');
    await expect.poll(() => summaries.count(), { timeout: 15_000 }).toBe(customers.size);
    const badges = await summaries.locator('lightning-badge').first().innerText();
    expect(badges).toMatch(/^Primary/);
    await screenshot('Account-record');
    expect(await accessibilityViolations()).toEqual([]);
  });
});

/** Runs a component's own query against the seeded org, as its Jest fixture claims it answers. */
async function realAnswer(component: string, variables: Record<string, unknown>): Promise<unknown> {
  const file = path.join(LWC_DIR, component, `${component}.js`);
  const query = componentQuery(readFileSync(file, 'utf8'), file);
  const response = await fetch(`${world.org.instanceUrl}/services/data/v62.0/graphql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${world.org.accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return response.json();
}

function fixture(component: string, name = 'graphql.json'): unknown {
  return JSON.parse(readFileSync(path.join(LWC_DIR, component, '__tests__', 'data', name), 'utf8'));
}

describe('the Jest fixtures', () => {
  it('have the shape the org answers for the same queries', async () => {
    const customer = await busiestCustomer();
    const [item] = await world.query<{ NOME__Invoice__c: string }>(
      'SELECT NOME__Invoice__c FROM NOME__Metronome_Invoice_Line_Item__c LIMIT 1',
    );
    const variables: Record<string, Record<string, unknown>> = {
      customerSearch: {
        namePattern: `%${customer.NOME__Name__c.slice(0, 4)}%`,
        metronomeId: customer.NOME__Metronome_Customer_ID__c,
        first: 25,
      },
      customerSummary: { customerId: customer.Id },
      invoiceLineItems: { invoiceId: item!.NOME__Invoice__c },
      metronomeBilling: {
        accountId: (
          await world.query<{ NOME__Account__c: string }>(
            `SELECT NOME__Account__c FROM NOME__Metronome_Customer__c WHERE NOME__Account__c != null LIMIT 1`,
          )
        )[0]!.NOME__Account__c,
      },
    };
    const mocked = readdirSync(LWC_DIR).filter((c) =>
      existsSync(path.join(LWC_DIR, c, '__tests__', 'data', 'graphql.json')),
    );
    expect(mocked.sort()).toEqual(Object.keys(variables).sort());
    for (const component of mocked) {
      const real = await realAnswer(component, variables[component]!);
      expect((real as { errors?: unknown[] }).errors ?? [], component).toEqual([]);
      expect(shapeDifferences(fixture(component), real), component).toEqual([]);
    }
  });

  it("include a getRecord answer shaped like the org's UI API record", async () => {
    const [account] = await world.query<{ Id: string }>('SELECT Id FROM Account LIMIT 1');
    const response = await fetch(
      `${world.org.instanceUrl}/services/data/v62.0/ui-api/records/${account!.Id}?fields=Account.Name`,
      {
        headers: { authorization: `Bearer ${world.org.accessToken}` },
      },
    );
    expect(shapeDifferences(fixture('metronomeBilling', 'getRecord.json'), await response.json())).toEqual([]);
  });
});

describe('nome preview', () => {
  it('serves the app for an org given by --instance-url, and the local org opens on it', async () => {
    const child = spawnNome(['preview', 'start', '--instance-url', world.org.instanceUrl, '--json'], {
      env: { SF_ACCESS_TOKEN: world.org.accessToken },
    });
    try {
      const { out, err } = printed(child);
      // When the command prints nothing, its stderr shows in the failure.
      await expect.poll(() => out() || err(), { timeout: 120_000 }).toMatch(/\}\s*$/);
      const result = JSON.parse(out()) as { url: string; built: boolean };
      expect(result.built).toBe(false); // the bundle this file's preview built, reused: force-app did not change
      expect(await (await fetch(`${result.url}/lightning/n/NOME__Billing_Overview`)).text()).not.toContain(
        world.org.accessToken,
      );
      const singleAccess = await fetch(`${world.org.instanceUrl}/services/oauth2/singleaccess`, {
        headers: { authorization: `Bearer ${world.org.accessToken}` },
      });
      expect(await singleAccess.json()).toEqual({ frontdoor_uri: `${result.url}/` });
    } finally {
      child.kill('SIGTERM');
    }
  }, 150_000);
});

describe('npm start', () => {
  it('prints the URL of the app on the local org, whose Billing Overview a browser opens', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'nome-start-app-'));
    const child = spawnNome(
      ['sync', 'start', '--customers', '10', '--org-dir', path.join(home, 'org'), '--sf-alias', ''],
      { env: { HOME: home, NOME_STATE_DIR: path.join(home, 'state') } },
    );
    try {
      const { out } = printed(child);
      await expect.poll(out, { timeout: 120_000 }).toContain('Next scheduled sync');
      const url = /^The Metronome app: (\S+)/m.exec(out())?.[1];
      expect(url, out()).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const started = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      try {
        await started.goto(url!);
        await started.waitForURL(/\/lightning\/n\/NOME__Billing_Overview/);
        await started.locator('c-customer-search input').waitFor({ state: 'visible' });
      } finally {
        await started.close();
      }
    } finally {
      child.kill('SIGTERM');
    }
  }, 150_000);
});

describe('the whole run', () => {
  it('logged no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});
