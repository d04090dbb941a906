/** ISO-8601 durations as campaigns write them: "PT4H", "P7D", "P1DT12H", "PT30M". */
const PATTERN = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

export function isDuration(s: string): boolean {
  return s !== "P" && s !== "PT" && !s.endsWith("T") && PATTERN.test(s);
}

export function durationMs(s: string): number {
  const m = PATTERN.exec(s);
  if (!m || !isDuration(s)) throw new Error(`not an ISO-8601 duration: ${s}`);
  const [w, d, h, min, sec] = m.slice(1).map((x) => Number(x ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
  ];
  return ((((w * 7 + d) * 24 + h) * 60 + min) * 60 + sec) * 1000;
}

export function addDuration(iso: string, duration: string): string {
  return new Date(Date.parse(iso) + durationMs(duration)).toISOString();
}
