/** An org and the records and outcomes the state store tests write for it. */
export const ORG = '00D000000000001AAA';
export const rec = (externalId: string) => ({ object: 'X__c', externalId, sourceId: externalId });
export const ok = (externalId: string, created: boolean, extra: object = {}) => ({
  ...rec(externalId),
  hash: `h-${externalId}`,
  success: true,
  sfId: `a00${externalId}`,
  created,
  ...extra,
});
