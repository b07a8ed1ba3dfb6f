/** The parts of a V8 .cpuprofile (what `node --cpu-prof` writes) the summary reads. */
export interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
  }>;
  samples: number[];
  timeDeltas: number[];
  /** Profiler clock, microseconds. */
  startTime: number;
  endTime: number;
}

export interface ProfileEntry {
  name: string;
  selfMs: number;
  /** Share of the busy time (all samples but idle), in percent. */
  percent: number;
}

export interface ProfileSummary {
  /** Sampled wall time, ms. */
  totalMs: number;
  /** Time not idle (running JavaScript, GC, or native code), ms. */
  busyMs: number;
  topFunctions: ProfileEntry[];
  /** Self time by where the code lives: a package under node_modules, a lib, the service, node itself. */
  byOrigin: ProfileEntry[];
}

/** Where a function's code lives, in words a reader can act on. */
export function originOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1];
  const lib = /\/libs\/([^/]+)\//.exec(url);
  if (lib) return `@chuishao/${lib[1]}`;
  const service = /\/services\/([^/]+)\//.exec(url);
  if (service) return `service ${service[1]}`;
  if (url.startsWith('node:')) return 'node core';
  return url;
}

function shortUrl(url: string): string {
  const at = url.search(/(node_modules|libs|services)\//);
  return (at >= 0 ? url.slice(at) : url).replace(/^file:\/\//, '');
}

/**
 * Self time per function and per origin: each sample's time delta is charged to the function
 * on top of the stack at that sample. `lastMs` keeps only the samples of the profile's last
 * milliseconds (the run, not the process's start-up before it).
 */
export function summariseProfile(
  profile: CpuProfile,
  options: { top?: number; lastMs?: number } = {},
): ProfileSummary {
  const top = options.top ?? 15;
  const fromUs = options.lastMs === undefined ? -Infinity : profile.endTime - options.lastMs * 1000;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfByFunction = new Map<string, number>();
  const selfByOrigin = new Map<string, number>();
  let totalMs = 0;
  let idleMs = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (at < fromUs) return;
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    totalMs += ms;
    const node = byId.get(id);
    if (!node) return;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') {
      idleMs += ms;
      return;
    }
    const name = url
      ? `${functionName || '(anonymous)'} ${shortUrl(url)}:${lineNumber + 1}`
      : functionName || '(anonymous)';
    selfByFunction.set(name, (selfByFunction.get(name) ?? 0) + ms);
    const origin = originOf(url, functionName);
    selfByOrigin.set(origin, (selfByOrigin.get(origin) ?? 0) + ms);
  });
  const busyMs = totalMs - idleMs;
  const ranked = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, selfMs]) => ({
        name,
        selfMs: Math.round(selfMs),
        percent: busyMs > 0 ? Math.round((selfMs / busyMs) * 1000) / 10 : 0,
      }));
  return {
    totalMs: Math.round(totalMs),
    busyMs: Math.round(busyMs),
    topFunctions: ranked(selfByFunction),
    byOrigin: ranked(selfByOrigin),
  };
}
