import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { loadSchema } from '../../scripts/metadata/index.ts';
import { mapCustomerBundle } from '../../scripts/mapping/index.ts';
import { createMetronomeSource } from '../../scripts/metronome/index.ts';
import { startNomeServer } from '../support/nome-process.ts';

const CUSTOMERS = 10_000;
/** Heap growth allowed (after GC) between the first 1,000 customers and any later point of the read. */
const HEAP_BUDGET_MB = 16;

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const heapMB = () => {
  gc();
  return process.memoryUsage().heapUsed / 1e6;
};

describe('memory', () => {
  it(
    `reads and maps ${CUSTOMERS} customers within a fixed heap budget (${HEAP_BUDGET_MB} MB growth)`,
    { timeout: 180_000 },
    async () => {
      // The sandbox runs in its own process (through the CLI), so only the reader's heap is measured here.
      const { child, info } = await startNomeServer<{ baseURL: string; bearerToken: string }>([
        'metronome-sandbox',
        'start',
        '--customers',
        String(CUSTOMERS),
        '--seed',
        '2',
      ]);
      try {
        const schema = loadSchema();
        const source = createMetronomeSource({ baseURL: info.baseURL, bearerToken: info.bearerToken, concurrency: 8 });
        const samples: number[] = [];
        let customers = 0;
        let records = 0;
        for await (const bundle of source.customerBundles({ mode: 'all' })) {
          records += mapCustomerBundle(schema, bundle, { mode: 'all' }).records.length;
          if (++customers % 1000 === 0) samples.push(heapMB());
        }
        const growth = Math.max(...samples) - samples[0];
        console.info(
          `memory: ${customers} customers, ${records} records, heap samples (MB) ${samples.map((s) => s.toFixed(1)).join(' ')}, growth ${growth.toFixed(1)} MB`,
        );
        expect(customers).toBeGreaterThan(CUSTOMERS * 0.9);
        expect(records).toBeGreaterThan(customers * 5);
        expect(growth).toBeLessThan(HEAP_BUDGET_MB);
        expect(source.callCounts()['GET /v1/customers/{customer_id}/invoices']).toBe(customers);
      } finally {
        child.kill('SIGTERM');
      }
    },
  );
});
