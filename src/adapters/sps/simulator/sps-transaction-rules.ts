import type { SpsEsimProfile } from '../sps-api-types.js';
import type { createEsimAllocator, createNumberAllocator } from './sps-number-allocation.js';
import { applyProductChanges } from './sps-product-catalogue.js';
import type {
  ActivateBody,
  BlockSimBody,
  ChangeDeviceSimBody,
  ChangeGpsiBody,
  ChangeGpsiPortInBody,
  MacdBody,
  PortInActivateBody,
  UpdateStatusBody,
} from './sps-request-schemas.js';
import type {
  LineKey,
  SimulatedLine,
  SimulatedLineStatus,
  SimulatedSim,
  SpsSimulatorState,
} from './sps-simulator-state.js';
import type { TransactionOutcome } from './sps-transactions.js';

/**
 * What each transaction does when it runs: check SPS's rules against the state of that moment, then change it.
 * Every check comes before the first change, so a failed transaction leaves nothing half done.
 */
export interface RuleWorld {
  state: SpsSimulatorState;
  numbers: ReturnType<typeof createNumberAllocator>;
  esims: ReturnType<typeof createEsimAllocator>;
  now: () => Date;
}

const fail = (code: string, message: string): TransactionOutcome => ({ ok: false, code, message });

export function lineKeyOf(body: { gpsi?: string; iccid?: string }): LineKey {
  return body.gpsi !== undefined ? { gpsi: body.gpsi } : { iccid: body.iccid ?? '' };
}

function defaultBillCycleStartDay(now: Date): number {
  const day = now.getUTCDate();
  return day <= 28 ? day : 1;
}

function isUsableSim(sim: SimulatedSim | undefined): sim is SimulatedSim {
  return sim !== undefined && sim.status === 'Available' && !sim.blocked;
}

function isIncompatibleDevice(world: RuleWorld, pei: string | undefined): boolean {
  return pei !== undefined && world.state.seed.incompatibleTacs.includes(pei.slice(0, 8));
}

/**
 * The donor's checks, in the order a donor makes them (our inference; the docs' port-in fields are truncated): the
 * number must be free here and portable, then the account number, the PIN and, where both sides give one, the name.
 */
function checkPortable(
  world: RuleWorld,
  gpsi: string,
  donor: { accountNumber: string; pin: string; accountName?: string | undefined },
) {
  if (world.state.isGpsiInUse(gpsi)) return fail('SPS-TXN-NUMBER-ACTIVE', 'NumberalreadyActive');
  const portable = world.state.seed.portableNumbers.find((number) => number.gpsi === gpsi);
  if (!portable) return fail('SPS-TXN-NOT-PORTABLE', `Number ${gpsi} is not portable`);
  if (portable.accountNumber !== donor.accountNumber) {
    return fail('SPS-TXN-DONOR-ACCOUNT', 'The donor carrier rejected the port: the account number does not match');
  }
  if (portable.pin !== donor.pin) {
    return fail('SPS-TXN-DONOR-PIN', 'The donor carrier rejected the port: the PIN does not match');
  }
  if (
    portable.accountName &&
    donor.accountName &&
    portable.accountName.toLowerCase() !== donor.accountName.toLowerCase()
  ) {
    return fail('SPS-TXN-DONOR-NAME', 'The donor carrier rejected the port: the account name does not match');
  }
  return null;
}

export function runActivation(
  world: RuleWorld,
  body: ActivateBody | PortInActivateBody,
  isPortIn: boolean,
): TransactionOutcome {
  const { state } = world;
  if (!state.plans.has(body.wholesalePlanId))
    return fail('SPS-TXN-PLAN-UNKNOWN', `Unknown wholesale plan ${body.wholesalePlanId}`);
  if (!state.isCovered(body.location.zipCode)) {
    return fail('SPS-TXN-NO-COVERAGE', `No network coverage at ZIP code ${body.location.zipCode}`);
  }
  if (isIncompatibleDevice(world, body.pei))
    return fail('SPS-TXN-DEVICE-INCOMPATIBLE', 'The device is not compatible with the network');
  // Inferred (sps-inferences.md): the schema lets both be left out, but a subscription is a SIM card.
  if (body.iccid === undefined && body.eid === undefined) {
    return fail('SPS-TXN-NO-SIM', 'Give the iccid of a SIM or the eid of an eSIM device');
  }
  // Inferred from the "reserved" variants of Change GPSI: a chosen number comes with the order that reserved it.
  if (!isPortIn && body.gpsi !== undefined && body.gpsiReservationId === undefined) {
    return fail('SPS-TXN-GPSI-NOT-RESERVED', `Number ${body.gpsi} was not reserved (no gpsiReservationId)`);
  }
  if (isPortIn) {
    const refusal = checkPortable(world, body.gpsi ?? '', (body as PortInActivateBody).donorAccount);
    if (refusal) return refusal;
  } else if (body.gpsi !== undefined && state.isGpsiInUse(body.gpsi)) {
    return fail('SPS-TXN-NUMBER-IN-USE', `Number ${body.gpsi} is already in use`);
  }
  const sim = body.iccid !== undefined ? state.sims.get(body.iccid) : undefined;
  if (body.iccid !== undefined && !isUsableSim(sim)) {
    return fail('SPS-TXN-SIM-UNAVAILABLE', `SIM ${body.iccid} is not available`);
  }
  const products = applyProductChanges([], body.products ?? [], state.products);
  if (!products.ok) return products;

  let esim: SpsEsimProfile | undefined;
  if (sim) sim.status = 'Active';
  else esim = world.esims.allocate(body.eid ?? '');
  const line: SimulatedLine = {
    subscriberId: body.subscriberId,
    gpsi: body.gpsi ?? world.numbers.nextGpsi(),
    iccid: sim?.iccid ?? esim?.iccid ?? '',
    ...(body.eid ? { eid: body.eid } : {}),
    ...(body.pei ? { pei: body.pei } : {}),
    status: 'Active',
    wholesalePlanId: body.wholesalePlanId,
    bucketRefId: body.bucketRefId ?? [],
    products: products.products,
    billCycleFrequency: 'MONTHLY',
    billCycleStartDay: body.billCycleStartDay ?? defaultBillCycleStartDay(world.now()),
    location: { ...body.location, country: body.location.country ?? 'US' },
    activationDate: world.now().toISOString(),
  };
  state.lines.push(line);
  return { ok: true, line, ...(esim ? { esim } : {}) };
}

/** SPS's documented conditions: the one status each action starts from, and where it leads. */
const statusRules: Record<UpdateStatusBody['action'], { from: SimulatedLineStatus; to: SimulatedLineStatus }> = {
  Suspend: { from: 'Active', to: 'Suspended' },
  Resume: { from: 'Suspended', to: 'Active' },
  Cease: { from: 'Active', to: 'Ceased' },
  Reactivate: { from: 'Ceased', to: 'Active' },
};

function findLine(world: RuleWorld, key: LineKey): SimulatedLine | TransactionOutcome {
  const line = world.state.findLine(key);
  return line ?? fail('SPS-TXN-SUBSCRIPTION-UNKNOWN', 'No subscription for the given gpsi/iccid');
}

function requireActive(world: RuleWorld, key: LineKey, what: string): SimulatedLine | TransactionOutcome {
  const line = findLine(world, key);
  if ('ok' in line) return line;
  if (line.status !== 'Active') {
    return fail(
      'SPS-TXN-STATE-CONFLICT',
      `${what} allowed only on active subscription (it is ${line.status.toLowerCase()})`,
    );
  }
  return line;
}

export function runStatusUpdate(world: RuleWorld, body: UpdateStatusBody): TransactionOutcome {
  const line = findLine(world, lineKeyOf(body));
  if ('ok' in line) return line;
  const rule = statusRules[body.action];
  if (line.status !== rule.from) {
    return fail(
      'SPS-TXN-STATE-CONFLICT',
      `${body.action} allowed only on ${rule.from.toLowerCase()} subscription (it is ${line.status.toLowerCase()})`,
    );
  }
  line.status = rule.to;
  return { ok: true, line };
}

export function runDeviceChange(world: RuleWorld, body: ChangeDeviceSimBody): TransactionOutcome {
  const line = requireActive(world, lineKeyOf(body), 'Change device/SIM');
  if ('ok' in line) return line;
  const newSim = body.newIccid !== undefined ? world.state.sims.get(body.newIccid) : undefined;
  if (body.newIccid !== undefined && !isUsableSim(newSim)) {
    return fail('SPS-TXN-SIM-UNAVAILABLE', `SIM ${body.newIccid} is not available`);
  }
  if (isIncompatibleDevice(world, body.newPei))
    return fail('SPS-TXN-DEVICE-INCOMPATIBLE', 'The device is not compatible with the network');

  let esim: SpsEsimProfile | undefined;
  if (newSim || body.newEid !== undefined) {
    const oldSim = world.state.sims.get(line.iccid);
    if (oldSim) oldSim.status = 'Inactive';
    if (newSim) {
      newSim.status = 'Active';
      line.iccid = newSim.iccid;
      delete line.eid;
    } else {
      esim = world.esims.allocate(body.newEid ?? '');
      line.iccid = esim.iccid;
      line.eid = body.newEid ?? '';
    }
  }
  if (body.newPei !== undefined) line.pei = body.newPei;
  return { ok: true, line, ...(esim ? { esim } : {}) };
}

export function runGpsiChange(world: RuleWorld, body: ChangeGpsiBody): TransactionOutcome {
  const line = requireActive(world, lineKeyOf(body), 'Change GPSI');
  if ('ok' in line) return line;
  if (body.newGpsi !== undefined && world.state.isGpsiInUse(body.newGpsi)) {
    return fail('SPS-TXN-NUMBER-IN-USE', `Number ${body.newGpsi} is already in use`);
  }
  line.gpsi = body.newGpsi ?? world.numbers.nextGpsi();
  return { ok: true, line };
}

export function runGpsiPortInChange(world: RuleWorld, body: ChangeGpsiPortInBody): TransactionOutcome {
  const line = requireActive(world, { gpsi: body.gpsi }, 'Change GPSI Port-In');
  if ('ok' in line) return line;
  const refusal = checkPortable(world, body.portInGpsi, body.donorAccount);
  if (refusal) return refusal;
  line.gpsi = body.portInGpsi;
  return { ok: true, line };
}

export function runSimBlock(world: RuleWorld, body: BlockSimBody): TransactionOutcome {
  const line = findLine(world, lineKeyOf(body));
  if ('ok' in line) return line;
  const sim = world.state.sims.get(line.iccid);
  if (!sim || line.status === 'Ceased')
    return fail('SPS-TXN-STATE-CONFLICT', 'The SIM of a ceased subscription cannot be changed');
  const wantBlocked = body.action === 'Block';
  if (sim.blocked === wantBlocked) {
    return fail('SPS-TXN-STATE-CONFLICT', `The SIM is already ${wantBlocked ? 'blocked' : 'unblocked'}`);
  }
  sim.blocked = wantBlocked;
  return { ok: true, line };
}

export function runMacd(world: RuleWorld, body: MacdBody): TransactionOutcome {
  const line = requireActive(world, lineKeyOf(body), 'Subscription MACD');
  if ('ok' in line) return line;
  if (body.wholesalePlanId !== undefined && !world.state.plans.has(body.wholesalePlanId)) {
    return fail('SPS-TXN-PLAN-UNKNOWN', `Unknown wholesale plan ${body.wholesalePlanId}`);
  }
  const products = applyProductChanges(line.products, body.products ?? [], world.state.products);
  if (!products.ok) return products;
  if (body.wholesalePlanId !== undefined) line.wholesalePlanId = body.wholesalePlanId;
  if (body.bucketRefId !== undefined) line.bucketRefId = body.bucketRefId;
  line.products = products.products;
  return { ok: true, line };
}
