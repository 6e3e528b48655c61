// The mean of timed samples behind Heka's *AvgDuration report fields (matcher, processMessage,
// MultiDecoder subs): only some calls are timed, so the mean is over the samples taken.

export class SampledDuration {
  samples = 0;
  totalNs = 0;

  add(ns: number): void {
    this.samples++;
    this.totalNs += ns;
  }

  /** Mean in ns over the samples (0 before the first). */
  get averageNs(): number {
    return this.samples === 0 ? 0 : Math.round(this.totalNs / this.samples);
  }
}
