/** Byte counts for people, in decimal units like `docker images`: `0 B`, `512 B`, `1.23 kB`, `45.6 MB`. */

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'];

export function formatSize(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (unit < UNITS.length - 1 && Number(value.toPrecision(3)) >= 1000) {
    value /= 1000;
    unit += 1;
  }
  return `${unit === 0 ? value : Number(value.toPrecision(3))} ${UNITS[unit]}`;
}
