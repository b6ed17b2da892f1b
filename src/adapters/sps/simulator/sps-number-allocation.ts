import type { SpsEsimProfile } from '../sps-api-types.js';
import type { SpsSimulatorState } from './sps-simulator-state.js';

/** Numbers and eSIM profiles the simulator hands out. Sequential where order helps tests; random where SPS would be. */
export const simulatedSmdpAddress = 'smdp.sps-simulator.example';

export function createNumberAllocator(state: SpsSimulatorState) {
  let next = BigInt(state.seed.firstDynamicGpsi);
  const portable = new Set(state.seed.portableNumbers.map((number) => number.gpsi));
  return {
    /** The next US number nobody holds and no port-in is waiting for. */
    nextGpsi(): string {
      for (;;) {
        const candidate = String(next);
        next += 1n;
        if (!state.isGpsiInUse(candidate) && !portable.has(candidate)) return candidate;
      }
    },
  };
}

const matchingIdAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function createEsimAllocator(state: SpsSimulatorState, random: () => number) {
  let counter = 1;
  const randomGroup = () =>
    Array.from({ length: 4 }, () => matchingIdAlphabet[Math.floor(random() * matchingIdAlphabet.length)]).join('');
  return {
    /** A new eSIM profile bound to `eid`, added to the SIM stock as active. */
    allocate(eid: string): SpsEsimProfile {
      let iccid: string;
      do {
        iccid = `89012400${String(counter++).padStart(12, '0')}`;
      } while (state.sims.has(iccid));
      const matchingId = [randomGroup(), randomGroup(), randomGroup(), randomGroup()].join('-');
      const esim: SpsEsimProfile = {
        iccid,
        smdpAddress: simulatedSmdpAddress,
        matchingId,
        activationCode: `LPA:1$${simulatedSmdpAddress}$${matchingId}`,
      };
      state.sims.set(iccid, { iccid, type: 'eSIM', status: 'Active', blocked: false, eid, esim });
      return esim;
    },
  };
}
