import type { SpsEsimProfile, SpsLocationBody, SpsSubscriptionProduct } from '../sps-api-types.js';
import type { ResolvedSpsSimulatorSeed } from './sps-simulator-options.js';

/** The simulator's in-memory world: SIM stock, subscriptions (SPS calls them lines of a subscriber), plans. */
export interface SimulatedSim {
  iccid: string;
  type: 'pSIM' | 'eSIM';
  /** Available in stock, Active on a line, Inactive after being swapped out. */
  status: 'Available' | 'Active' | 'Inactive';
  blocked: boolean;
  eid?: string;
  esim?: SpsEsimProfile;
}

export type SimulatedLineStatus = 'Active' | 'Suspended' | 'Ceased';

export interface SimulatedLine {
  subscriberId: string;
  gpsi: string;
  iccid: string;
  eid?: string;
  pei?: string;
  status: SimulatedLineStatus;
  wholesalePlanId: string;
  bucketRefId: string[];
  /** What the line holds on top of its plan (not the ADD/REMOVE requests that led there). */
  products: SpsSubscriptionProduct[];
  billCycleFrequency: 'MONTHLY';
  billCycleStartDay: number;
  location: SpsLocationBody;
  wholesaleCustomerId?: string;
  activationDate: string;
}

export type LineKey = { gpsi: string } | { iccid: string };

export class SpsSimulatorState {
  readonly sims = new Map<string, SimulatedSim>();
  readonly lines: SimulatedLine[] = [];
  readonly plans: Set<string>;
  readonly products: Set<string>;
  /** Numbers with a port-in transaction accepted and not yet run: a second port of the same number is refused. */
  readonly portsUnderWay = new Set<string>();

  constructor(readonly seed: ResolvedSpsSimulatorSeed) {
    for (const iccid of seed.availableIccids) {
      this.sims.set(iccid, { iccid, type: 'pSIM', status: 'Available', blocked: false });
    }
    this.plans = new Set(seed.wholesalePlanIds);
    this.products = new Set(seed.productIds);
  }

  findLine(key: LineKey): SimulatedLine | undefined {
    return 'gpsi' in key
      ? this.lines.find((line) => line.gpsi === key.gpsi)
      : this.lines.find((line) => line.iccid === key.iccid);
  }

  /** A number is taken while any line holds it, ceased ones included (they keep it for Reactivate). */
  isGpsiInUse(gpsi: string): boolean {
    return this.lines.some((line) => line.gpsi === gpsi);
  }

  isCovered(zipCode: string): boolean {
    return !this.seed.noCoverageZipCodes.includes(zipCode);
  }

  availableSims(): string[] {
    return [...this.sims.values()]
      .filter((sim) => sim.type === 'pSIM' && sim.status === 'Available' && !sim.blocked)
      .map((sim) => sim.iccid);
  }
}
