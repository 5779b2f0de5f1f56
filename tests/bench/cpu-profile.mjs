#!/usr/bin/env node
// Self time of a V8 CPU profile (`node --cpu-prof`), summed by package: node_modules/<package>,
// our own code by top folder (server/orders …), Node's internals, GC, idle. Native frames
// (V8 builtins) count for the package whose JavaScript called them.
//
//   node tests/bench/cpu-profile.mjs <file.cpuprofile> [--top N] [--json]
//
// Used by tests/bench/proxy-processes.ts --cpu-prof (the proxy under load) for BENCHMARKS.md.
import { readFileSync } from 'node:fs';

/** Where a frame's code lives, as a package name. */
export function packageOf(url, functionName) {
  if (!url) {
    if (functionName === '(garbage collector)') return '(GC)';
    if (functionName === '(idle)') return '(idle)';
    if (functionName === '(program)') return '(program: V8, native)';
    return '(native / V8 builtins)';
  }
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]} (Node internals)`;
  const ours = url.match(/\/(server|contract|tests)\/([^/]+)\//);
  if (ours) return `${ours[1]}/${ours[2]} (ours)`;
  const file = url.match(/\/(server|contract)\/([^/]+)$/);
  if (file) return `${file[1]}/${file[2]} (ours)`;
  return url.replace(/^file:\/\/.*\/(?=[^/]+$)/, '');
}

/** { total, busy, rows: [{ package, ms, share (of busy) }] } of one profile. */
export function summarise(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n);
  // Native code (builtins: JSON, RegExp, Promise …) counts for the package whose JS called it.
  const owner = (node) => {
    const { url, functionName } = node.callFrame;
    if (url || functionName.startsWith('(')) return packageOf(url, functionName);
    for (let p = parent.get(node.id); p; p = parent.get(p.id)) if (p.callFrame.url) return packageOf(p.callFrame.url, p.callFrame.functionName);
    return packageOf('', functionName);
  };
  const self = new Map();
  const dt = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]);
    const us = dt[i + 1] ?? 0;
    const key = owner(node);
    self.set(key, (self.get(key) ?? 0) + us);
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = self.get('(idle)') ?? 0;
  const busy = total - idle;
  const rows = [...self.entries()]
    .filter(([k]) => k !== '(idle)')
    .map(([pkg, us]) => ({ package: pkg, ms: us / 1000, share: us / busy }))
    .sort((a, b) => b.ms - a.ms);
  return { totalMs: total / 1000, busyMs: busy / 1000, idleShare: idle / total, rows };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  const top = Number(process.argv[process.argv.indexOf('--top') + 1]) || 20;
  const s = summarise(JSON.parse(readFileSync(file, 'utf8')));
  if (process.argv.includes('--json')) console.log(JSON.stringify({ ...s, rows: s.rows.slice(0, top) }));
  else {
    console.log(`profile ${(s.totalMs / 1000).toFixed(1)} s, busy ${(s.busyMs / 1000).toFixed(1)} s, idle ${(s.idleShare * 100).toFixed(0)} %`);
    for (const r of s.rows.slice(0, top)) console.log(`${(r.share * 100).toFixed(1).padStart(5)} %  ${r.ms.toFixed(0).padStart(7)} ms  ${r.package}`);
  }
}
