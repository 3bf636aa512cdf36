import { describe, expect, it } from 'vitest';
import { componentQuery, shapeDifferences } from './shape.ts';

describe('shapeDifferences', () => {
  it('accepts a mock whose every path the real answer has', () => {
    expect(
      shapeDifferences(
        { a: { value: 1 }, b: [{ c: 'x' }] },
        { a: { value: 2, displayValue: null }, b: [{ c: 'y', d: 1 }], e: true },
      ),
    ).toEqual([]);
  });

  it('names each path the real answer lacks or holds as another kind', () => {
    expect(shapeDifferences({ a: { value: 1 }, b: [{ c: 'x' }], f: 1 }, { a: { val: 1 }, b: [{ c: 3 }] })).toEqual([
      '$.a.value: in the mock, missing from the real answer',
      '$.b[0].c: string in the mock, number in the real answer',
      '$.f: in the mock, missing from the real answer',
    ]);
  });

  it('lets nulls stand for any kind on either side', () => {
    expect(shapeDifferences({ a: null, b: { value: 'x' } }, { a: { value: 1 }, b: null })).toEqual([]);
  });

  it('finds the gql query of a component', () => {
    expect(componentQuery('const Q = gql`\n query x { uiapi }\n`;', 'x.js')).toBe('\n query x { uiapi }\n');
    expect(() => componentQuery('nothing', 'y.js')).toThrow('y.js has no gql');
  });
});
