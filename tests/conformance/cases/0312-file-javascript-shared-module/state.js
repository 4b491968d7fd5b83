'use strict';

// Top-level code: runs when the module is first required.
globalThis.stateLoads = (globalThis.stateLoads || 0) + 1;

let calls = 0;
const stages = [];

module.exports = {
  next: () => {
    calls += 1;
    return calls;
  },
  later: async () => {
    calls += 1;
    return `async-${calls}`;
  },
  remember: async ({ resolveVariable }) => {
    stages.push(await resolveVariable('sls:stage'));
    return stages.length;
  },
  loads: () => globalThis.stateLoads,
  counted: { calls: () => calls },
};
