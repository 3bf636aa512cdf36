/**
 * The fewest Salesforce API calls that can write a set of records: per object, the cheaper of sObject Collections
 * (200 records a call) and one Bulk API 2.0 job. Reads a run needs besides (the org's identity) are not counted.
 */

/** sObject Collections take at most 200 records per call. */
export const COLLECTION_SIZE = 200;

/**
 * The calls one Bulk API 2.0 ingest job cannot do without: create the job, upload its CSV, close it
 * (UploadComplete), one status check that finds it complete, and one read of its failed results (without it a
 * refused record would go unnoticed).
 */
export const BULK_JOB_CALLS = 5;

export function objectMinimum(records: number): number {
  if (records <= 0) return 0;
  return Math.min(Math.ceil(records / COLLECTION_SIZE), BULK_JOB_CALLS);
}

/** Per object and in total, for record counts by object. */
export function apiMinimum(recordsByObject: Record<string, number>): {
  total: number;
  byObject: Record<string, number>;
} {
  const byObject = Object.fromEntries(Object.entries(recordsByObject).map(([object, n]) => [object, objectMinimum(n)]));
  return { total: Object.values(byObject).reduce((a, b) => a + b, 0), byObject };
}

/** The write calls a change needs: ⌈changed/200⌉ per changed object (the bound for small changes). */
export function changeWriteBound(changedByObject: Record<string, number>): number {
  return Object.values(changedByObject).reduce((sum, n) => sum + Math.ceil(n / COLLECTION_SIZE), 0);
}
