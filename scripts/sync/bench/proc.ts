/** A process's CPU time as Linux counts it, for measuring a child from outside. */
import { readFileSync } from 'node:fs';

/** utime + stime of /proc/<pid>/stat (clock ticks of 10 ms: USER_HZ is 100); undefined where there is no /proc. */
export function processCpuMs(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /, '')
      .split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}
