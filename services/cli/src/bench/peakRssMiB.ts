/** Peak resident set size of this process so far, MiB (`maxRSS` is in KiB). */
export function peakRssMiB(): number {
  return Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10;
}
