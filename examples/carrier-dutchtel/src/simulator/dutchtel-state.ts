/**
 * What the DutchTel simulator holds: SIM stock, lines, orders, and the donor operators' records that port-ins are
 * checked against. Plain data; the routes and the order progression change it.
 */
export type SimState = 'AVAILABLE' | 'IN_USE' | 'BLOCKED';
export type LineState = 'ACTIVE' | 'BARRED' | 'TERMINATED' | 'PORTED_OUT';
export type OrderType =
  | 'NEW_LINE'
  | 'NUMBER_PORT_IN'
  | 'BAR'
  | 'UNBAR'
  | 'TERMINATE'
  | 'SIM_CHANGE'
  | 'NUMBER_PORT_OUT';
export type OrderStatus = 'RECEIVED' | 'PROCESSING' | 'COMPLETED' | 'REJECTED' | 'CANCELLED';

export interface SimCard {
  iccid: string;
  state: SimState;
  esim: boolean;
  lineId?: string;
}

export interface Line {
  lineId: string;
  number: string;
  iccid: string;
  esim: boolean;
  tariff: string;
  state: LineState;
}

export interface OrderRequestBody {
  type: OrderType;
  clientReference: string;
  lineId?: string;
  sim?: { iccid: string } | { esim: true };
  tariff?: string;
  portIn?: { number: string; donorCustomerNumber: string };
  portOut?: { recipientOperator: string };
}

export interface Order {
  orderId: string;
  type: OrderType;
  status: OrderStatus;
  clientReference: string;
  lineId?: string;
  createdAt: string;
  result?: { lineId: string; number: string; iccid: string; activationCode?: string };
  rejection?: { code: string; reason: string };
  /** Not shown: what the order asked for, and the SIM it holds while it runs. */
  request: OrderRequestBody;
  heldIccid?: string;
}

/** A number another operator holds, and the customer number that operator checks a port-in against. */
export interface DonorRecord {
  number: string;
  donorOperator: string;
  donorCustomerNumber: string;
}

export interface DutchTelState {
  sims: Map<string, SimCard>;
  lines: Map<string, Line>;
  orders: Map<string, Order>;
  donors: Map<string, DonorRecord>;
  nextOrder: number;
  nextLine: number;
  nextNumber: number;
  nextEsim: number;
  nextEvent: number;
}

export const tariffs = ['DT-BASIS', 'DT-PLUS'] as const;

/** 19-digit ICCIDs under DutchTel's issuer number (89 31 099…), physical and eSIM in separate ranges. */
export const physicalIccid = (index: number) => `8931099${String(index).padStart(12, '0')}`;
export const esimIccid = (index: number) => `8931098${String(index).padStart(12, '0')}`;

export function seedState(
  options: { physicalSims?: number; donorNumbers?: number; donors?: readonly DonorRecord[] } = {},
): DutchTelState {
  const sims = new Map<string, SimCard>();
  for (let index = 1; index <= (options.physicalSims ?? 200); index++) {
    const iccid = physicalIccid(index);
    sims.set(iccid, { iccid, state: 'AVAILABLE', esim: false });
  }
  const donors = new Map<string, DonorRecord>();
  for (let index = 1; index <= (options.donorNumbers ?? 200); index++) {
    const number = `0687${String(index).padStart(6, '0')}`;
    donors.set(number, {
      number,
      donorOperator: index % 2 === 0 ? 'KPN' : 'Odido',
      donorCustomerNumber: `DC${String(100000 + index)}`,
    });
  }
  for (const donor of options.donors ?? []) donors.set(donor.number, { ...donor });
  return {
    sims,
    lines: new Map(),
    orders: new Map(),
    donors,
    nextOrder: 1,
    nextLine: 1,
    nextNumber: 1,
    nextEsim: 1,
    nextEvent: 1,
  };
}

/** The order as DutchTel shows it: without what only the simulator keeps. */
export function publicOrder(order: Order): Record<string, unknown> {
  const { request: _request, heldIccid: _held, ...shown } = order;
  return shown;
}
