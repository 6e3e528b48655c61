import { SendPlan, corrupted } from './send-plan.js';

const kinds = (plan: SendPlan, n: number): string[] => Array.from({ length: n }, (_, i) => {
  const c = plan.next(i);
  return c.kind[0]! + (c.corrupt ? '*' : '');
});

describe('SendPlan', () => {
  it('signs every send where floor(sent × 25%) moves on: the 5th, 9th, … (as in Heka\'s capture)', () => {
    const seq = kinds(new SendPlan({ corrupt: 0, signed: 25, oversized: 0 }, 64), 13);
    expect(seq).toEqual(['u', 'u', 'u', 'u', 's', 'u', 'u', 'u', 's', 'u', 'u', 'u', 's']);
  });

  it('corrupts independently of the kind, and counts oversized only on sends that are not signed', () => {
    const plan = new SendPlan({ corrupt: 50, signed: 50, oversized: 50 }, 64);
    // sent=1: floor(.5)=0 → nothing; sent=2: corrupt, signed (so the oversized floor stays 0); sent=3: floor(1.5)=1 → oversized.
    expect(kinds(plan, 5)).toEqual(['u', 'u', 's*', 'o', 's*']);
  });

  it('gives exact shares over many sends', () => {
    const plan = new SendPlan({ corrupt: 2, signed: 10, oversized: 1 }, 64);
    const seq = kinds(plan, 10_000);
    expect(seq.filter((k) => k.endsWith('*'))).toHaveLength(199);
    expect(seq.filter((k) => k.startsWith('s'))).toHaveLength(999);
    expect(seq.filter((k) => k.startsWith('o')).length).toBeGreaterThan(80);
  });

  it('picks a random index below the number of messages', () => {
    const draws = [0, 0.999, 0.5];
    const plan = new SendPlan({ corrupt: 0, signed: 0, oversized: 0 }, 64, () => draws.shift()!);
    expect([plan.next(0).index, plan.next(1).index, plan.next(2).index]).toEqual([0, 63, 32]);
  });
});

describe('corrupted', () => {
  it('changes one byte of a copy, leaving the original as it was', () => {
    const original = Uint8Array.from([1, 2, 3, 4]);
    const draws = [0.5, 0.1];
    const out = corrupted(original, () => draws.shift()!);
    expect([...out]).toEqual([1, 2, 25, 4]);
    expect([...original]).toEqual([1, 2, 3, 4]);
  });
});
