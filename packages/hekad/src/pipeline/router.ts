// The message router (Heka's MessageRouter + MatchRunners): every pack is offered to each
// filter's and then each output's matcher; a match hands the plugin a reference to the pack.
// A consumer whose queue is full makes route() return a promise: the input awaits it, so a slow
// output pauses the inputs instead of losing messages.
import type { MessageMatcher } from '@heka/core';
import type { Pack } from './pack.js';
import type { RecordRun } from './record-run.js';
import { QueueClosedError, type BoundedQueue } from './queue.js';
import { SampledDuration } from './sampled-duration.js';

/** Matcher statistics of one consumer, for the report (MatchAvgDuration etc.). */
export class MatchStats extends SampledDuration {
  inspected = 0;
  matched = 0;
}

export interface RouteTarget {
  /** Plugin (filter or output) name. */
  readonly name: string;
  readonly matcher: MessageMatcher;
  /** `message_signer`: only packs authenticated by this signer are offered ("" = any). */
  readonly signer: string;
  readonly queue: BoundedQueue<Pack>;
  /**
   * Processes the pack at once when the consumer is idle (waiting, nothing queued); false when it
   * must be queued. Saves the queue and the promise that wakes the consumer, per message.
   */
  readonly takeNow?: (pack: Pack) => boolean;
  /** Whether the consumer can process a run of records right now, all at once (idle, and its plugin takes runs). */
  readonly canTakeRun?: () => boolean;
  /** Processes every record of the run (only after canTakeRun said yes). */
  readonly takeRun?: (run: RecordRun) => void;
}

interface Route extends RouteTarget {
  readonly stats: MatchStats;
  // Evaluations left until the next timed one (Heka samples rather than timing every match).
  countdown: number;
}

export interface RouterOptions {
  /** `sample_denominator`: time about one match in this many once warmed up. */
  sampleDenominator: number;
}

export class Router {
  /** Messages routed so far (ProcessMessageCount). */
  processed = 0;
  // Replaced, never mutated, so adding or removing a consumer during a route() is safe.
  private routes: readonly Route[] = [];

  constructor(private readonly options: RouterOptions = { sampleDenominator: 1000 }) {}

  /** Adds a consumer; the returned stats stay live until it is removed. */
  add(target: RouteTarget): MatchStats {
    if (this.routes.some((r) => r.name === target.name)) throw new Error(`router: a consumer named ${target.name} is already registered`);
    const route: Route = { ...target, stats: new MatchStats(), countdown: 0 };
    this.routes = [...this.routes, route];
    return route.stats;
  }

  /** Stops offering messages to a consumer and closes its queue so it drains and ends. */
  remove(name: string): boolean {
    const route = this.routes.find((r) => r.name === name);
    if (!route) return false;
    this.routes = this.routes.filter((r) => r !== route);
    route.queue.close();
    return true;
  }

  get consumers(): readonly string[] { return this.routes.map((r) => r.name); }

  /**
   * Offers the pack to every consumer and drops the router's own reference. Returns undefined
   * when every matching consumer took it at once, else a promise that settles when all have.
   */
  route(pack: Pack): Promise<void> | undefined {
    this.processed++;
    let waits: Promise<void>[] | undefined;
    for (const route of this.routes) {
      if (route.signer !== '' && route.signer !== pack.signer) continue;
      if (!this.matches(route, pack)) continue;
      route.stats.matched++;
      pack.retain();
      if (route.takeNow !== undefined && route.takeNow(pack)) continue;
      if (!route.queue.offer(pack)) (waits ??= []).push(this.putWhenRoom(route, pack));
    }
    pack.release();
    if (waits === undefined) return undefined;
    return waits.length === 1 ? waits[0] : Promise.all(waits).then(() => undefined);
  }

  /**
   * Routes a run of records (record-run.ts) whole, when every consumer that matches its headers
   * can process it at once; otherwise does nothing and returns false: the caller routes the
   * records one by one. The caller's hold on `run.pack` stays: it releases it afterwards.
   */
  routeRun(run: RecordRun): boolean {
    const taking = this.taking;
    taking.length = 0;
    for (const route of this.routes) {
      // The records of a run are unsigned; a matcher that reads more than the shared headers
      // would have to be asked per record.
      if (route.signer !== '') continue;
      const matcher = route.matcher;
      if (matcher.constant === undefined && matcher.headersOnly !== true) return false;
      if (!(matcher.constant ?? matcher.match(run.message))) continue;
      if (route.canTakeRun === undefined || !route.canTakeRun()) return false;
      taking.push(route);
    }
    const count = run.count;
    this.processed += count;
    for (const route of this.routes) {
      if (route.signer === '') this.countRun(route, run, count);
    }
    for (const route of taking) {
      route.stats.matched += count;
      route.takeRun!(run);
    }
    taking.length = 0;
    return true;
  }
  // The routes taking the run being routed (one array for every run).
  private readonly taking: Route[] = [];

  /** The matcher statistics of `count` messages that one evaluation answered for (timed as matches() would time it). */
  private countRun(route: Route, run: RecordRun, count: number): void {
    route.stats.inspected += count;
    if (route.countdown > 0) route.countdown = Math.max(0, route.countdown - count);
    else this.timedMatch(route, run.pack);
  }

  private matches(route: Route, pack: Pack): boolean {
    route.stats.inspected++;
    // A constant matcher ("TRUE") reads nothing: the message may stay undecoded (Pack.carry).
    if (route.countdown-- > 0) return route.matcher.constant ?? route.matcher.match(pack.message);
    return this.timedMatch(route, pack);
  }

  /** A match timed for the statistics; starts the count of untimed ones to the next. */
  private timedMatch(route: Route, pack: Pack): boolean {
    // Time every match until there are as many samples as the queue holds, then ~1 in N.
    route.countdown = route.stats.samples < route.queue.capacity ? 0 : this.options.sampleDenominator + Math.floor(Math.random() * 1000);
    const start = process.hrtime.bigint();
    const matched = route.matcher.constant ?? route.matcher.match(pack.message);
    route.stats.add(Number(process.hrtime.bigint() - start));
    return matched;
  }

  private async putWhenRoom(route: Route, pack: Pack): Promise<void> {
    try {
      await route.queue.put(pack);
    } catch (e) {
      // The consumer went away (unloaded) while we waited: it will never release the pack.
      if (!(e instanceof QueueClosedError)) throw e;
      pack.release();
    }
  }
}
