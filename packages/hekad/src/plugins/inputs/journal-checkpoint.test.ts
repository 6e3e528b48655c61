import type { Journal, Position } from '@heka/core';
import { ChunkPositions } from './chunk-positions.js';
import { JournalCheckpoint } from './journal-checkpoint.js';

function setup(every = 500) {
  const saves: Position[] = [];
  const journal = { save: async (p: Position) => void saves.push(p) } as unknown as Journal;
  const reader = { positionAt: async (file: string, seek: number) => ({ file, seek, hash: 'h' }) };
  const errors: string[] = [];
  const chunks = new ChunkPositions();
  const checkpoint = new JournalCheckpoint(chunks, journal, reader, (m) => errors.push(m), every);
  return { saves, chunks, checkpoint, errors };
}

describe('ChunkPositions', () => {
  it('maps stream offsets to the file and offset they were read from, a file end to that file', () => {
    const chunks = new ChunkPositions();
    chunks.add('/l/a.log', 100, 10);
    chunks.add('/l/a.log', 110, 5);
    chunks.add('/l/b.log', 0, 8);
    expect(chunks.placeOf(0)).toEqual({ file: '/l/a.log', offset: 100 });
    expect(chunks.placeOf(12)).toEqual({ file: '/l/a.log', offset: 112 });
    expect(chunks.placeOf(15)).toEqual({ file: '/l/a.log', offset: 115 });
    expect(chunks.placeOf(16)).toEqual({ file: '/l/b.log', offset: 1 });
    expect(chunks.placeOf(23)).toEqual({ file: '/l/b.log', offset: 8 });
    expect(chunks.placeOf(24)).toBeUndefined();
    expect(chunks.end).toBe(23);
  });
});

describe('JournalCheckpoint', () => {
  it('saves every 500 deliveries, and at save() only when the delivered place moved', async () => {
    const { saves, chunks, checkpoint } = setup();
    chunks.add('/f', 0, 10_000);
    for (let i = 1; i <= 499; i++) checkpoint.onDelivered(i * 2, false);
    await checkpoint.save();
    expect(saves.map((s) => s.seek)).toEqual([998]);
    for (let i = 500; i <= 999; i++) checkpoint.onDelivered(i * 2, false);
    await checkpoint.save();
    expect(saves.map((s) => s.seek)).toEqual([998, 1998]);
    await checkpoint.save();
    expect(saves).toHaveLength(2);
  });

  it('counts the records a delivery moved past: a run of 500 records delivered at once is saved', async () => {
    const { saves, chunks, checkpoint } = setup();
    chunks.add('/f', 0, 10_000);
    checkpoint.onDelivered(600, false, 300);
    await new Promise((r) => setTimeout(r, 10));
    expect(saves).toEqual([]);
    checkpoint.onDelivered(1000, false, 200);
    for (let i = 0; i < 100 && saves.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(saves.map((s) => s.seek)).toEqual([1000]);
  });

  it('saves the 500th delivery without being asked', async () => {
    const { saves, chunks, checkpoint } = setup(3);
    chunks.add('/f', 0, 100);
    [5, 10].forEach((at) => checkpoint.onDelivered(at, false));
    await new Promise((r) => setTimeout(r, 10));
    expect(saves).toEqual([]);
    checkpoint.onDelivered(15, false);
    await checkpoint.save();
    expect(saves.map((s) => s.seek)).toEqual([15]);
  });

  it('eager deliveries (after stop) each lead to a save of the latest place, coalesced', async () => {
    const { saves, chunks, checkpoint } = setup();
    chunks.add('/f', 0, 100);
    checkpoint.onDelivered(10, true);
    checkpoint.onDelivered(20, true);
    checkpoint.onDelivered(30, true);
    await checkpoint.save();
    expect(saves.map((s) => s.seek)).toEqual([30]);
  });

  it('after stop, saves synchronously at the end of the turn when the position is in memory (hekad exits right after)', async () => {
    const synced: number[] = [];
    const journal = { save: async () => { throw new Error('not expected'); }, saveSync: (p: Position) => void synced.push(p.seek) } as unknown as Journal;
    const reader = {
      positionAt: async (file: string, seek: number) => ({ file, seek, hash: 'h' }),
      positionFromMemory: (file: string, seek: number) => ({ file, seek, hash: 'h' }),
    };
    const chunks = new ChunkPositions();
    const checkpoint = new JournalCheckpoint(chunks, journal, reader, () => undefined);
    chunks.add('/f', 0, 100);
    [10, 20, 30].forEach((at) => checkpoint.onDelivered(at, true));
    expect(synced).toEqual([]);
    await Promise.resolve();
    expect(synced).toEqual([30]);
  });

  it('settled() waits for the last delivered place to be saved, when it is no longer in memory too', async () => {
    const saved: number[] = [];
    let landed: (() => void) | undefined;
    const journal = {
      save: (p: Position) => new Promise<void>((resolve) => { landed = () => { saved.push(p.seek); resolve(); }; }),
      saveSync: () => { throw new Error('not expected'); },
    } as unknown as Journal;
    const reader = { positionAt: async (file: string, seek: number) => ({ file, seek, hash: 'h' }), positionFromMemory: () => undefined };
    const chunks = new ChunkPositions();
    const checkpoint = new JournalCheckpoint(chunks, journal, reader, () => undefined);
    chunks.add('/f', 0, 100);
    checkpoint.onDelivered(40, true);
    let settled = false;
    const waiting = checkpoint.settled().then(() => { settled = true; });
    await new Promise((r) => setTimeout(r, 20));
    expect([settled, saved]).toEqual([false, []]);
    landed!();
    await waiting;
    expect(saved).toEqual([40]);
  });

  it('reports a failing save once, and retries it at the next save', async () => {
    const { chunks, errors } = setup();
    let fail = true;
    const saved: number[] = [];
    const journal = { save: async (p: Position) => { if (fail) throw new Error('Error writing seek recovery log /j: EACCES'); saved.push(p.seek); } } as unknown as Journal;
    const checkpoint = new JournalCheckpoint(chunks, journal, { positionAt: async (file, seek) => ({ file, seek, hash: '' }) }, (m) => errors.push(m));
    chunks.add('/f', 0, 10);
    checkpoint.onDelivered(4, false);
    await checkpoint.save();
    await checkpoint.save();
    fail = false;
    await checkpoint.save();
    expect(errors).toEqual(['Error writing seek recovery log /j: EACCES']);
    expect(saved).toEqual([4]);
  });
});
