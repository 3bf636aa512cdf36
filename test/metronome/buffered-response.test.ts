import { describe, expect, it } from 'vitest';
import { BufferedResponse } from '../../scripts/metronome/buffered-response.ts';

const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));
const init = { status: 200, statusText: 'OK', headers: [['content-type', 'application/json']] as [string, string][] };
const answer = (text: string) => new BufferedResponse(bytes(text), init, 'http://metronome.test/v1/plans');

describe('a Response from an answer already read', () => {
  it('is a Response: status, headers, url, and the body as JSON or text', async () => {
    const response = answer('{"data":[{"id":"é"}]}');
    expect(response).toBeInstanceOf(Response);
    expect([response.status, response.ok, response.statusText, response.url]).toEqual([
      200,
      true,
      'OK',
      'http://metronome.test/v1/plans',
    ]);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ data: [{ id: 'é' }] });
    expect(await answer('plain words').text()).toBe('plain words');
  });

  it('reads its body once, as every Response does', async () => {
    const response = answer('{}');
    expect(response.bodyUsed).toBe(false);
    await response.json();
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toThrow(TypeError);
    await expect(response.arrayBuffer()).rejects.toThrow(TypeError);
    expect(() => response.clone()).toThrow(TypeError);
  });

  it('drops a byte order mark, as Response.text() does, and gives an empty text for no body', async () => {
    expect(await answer('\uFEFF{"a":1}').json()).toEqual({ a: 1 });
    const empty = new BufferedResponse(null, { status: 204 }, 'http://metronome.test/');
    expect([empty.body, await empty.text()]).toEqual([null, '']);
  });

  it('hands out the body as a stream, bytes or a clone when asked, and is then read like an ordinary Response', async () => {
    const copy = answer('{"n":1}').clone();
    expect(await copy.json()).toEqual({ n: 1 });
    expect(new TextDecoder().decode(await answer('abc').arrayBuffer())).toBe('abc');
    const streamed = answer('xyz');
    const reader = streamed.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('xyz');
    expect(streamed.bodyUsed).toBe(true);
    await expect(streamed.json()).rejects.toThrow(TypeError);
  });
});
