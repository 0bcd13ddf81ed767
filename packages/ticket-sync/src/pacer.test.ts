import { describe, expect, it } from 'vitest';
import { RequestPacer } from './pacer.js';

function clock() {
  let at = 0;
  const waits: number[] = [];
  return {
    waits,
    now: () => at,
    sleep: async (ms: number) => {
      waits.push(ms);
      at += ms;
    },
    advance: (ms: number) => {
      at += ms;
    },
  };
}

describe('RequestPacer', () => {
  it('holds every caller back while the site asked to wait, once per pause', async () => {
    const c = clock();
    const pacer = new RequestPacer(c);
    await pacer.ready();
    expect(c.waits).toEqual([]);
    pacer.pause(3_000);
    c.advance(1_000);
    await pacer.ready();
    expect(c.waits).toEqual([2_000]);
    // The pause is over for everyone after it.
    await pacer.ready();
    expect(c.waits).toEqual([2_000]);
    // A shorter pause never shortens a longer one.
    pacer.pause(5_000);
    pacer.pause(1_000);
    await pacer.ready();
    expect(c.waits).toEqual([2_000, 5_000]);
  });

  it('spaces requests out to a ceiling per second', async () => {
    const c = clock();
    const pacer = new RequestPacer(c, 4);
    for (let i = 0; i < 5; i++) await pacer.ready();
    expect(c.waits).toEqual([250, 250, 250, 250]);
  });
});
