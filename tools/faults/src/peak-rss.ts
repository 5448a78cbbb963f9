import { readFile } from 'node:fs/promises';

/**
 * The most memory a process has held resident since it started (`VmHWM` of /proc/<pid>/status, Linux), in
 * bytes: what a container's memory limit is measured against, at its worst moment rather than now.
 */
export async function peakRss(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kilobytes = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
  if (kilobytes === undefined) throw new Error(`no VmHWM in /proc/${pid}/status`);
  return Number(kilobytes) * 1024;
}
