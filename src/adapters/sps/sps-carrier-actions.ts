import { z } from 'zod';
import type { LineReference, SubmitRequest } from '../../core/adapter.js';
import { type CarrierActionRequest, type CarrierActionsV1, ValidationError } from '../../core/index.js';
import { callSps, type SpsApiClient } from './client/sps-client.js';
import { msisdnToGpsi, readGpsi } from './sps-gpsi.js';
import { spsPortingRejectionReason } from './sps-porting-rejections.js';

/**
 * SPS features that mean something only at SPS (sps.md §4), as carrier actions (src/core/carrier-actions.ts).
 * Reads are direct calls; writes are SPS transactions submitted by the engine as `carrier_action` operations, with
 * our operation id as `partnerTransactionId`, so polling, callbacks and reconciliation work as for any operation.
 * The bill-cycle update is acknowledged without a transaction: it is reported done when SPS acknowledges it, and
 * reconciled by reading the line's bill cycle back.
 */
const gpsiInput = z
  .string()
  .regex(/^\+?[1-9][0-9]{10,14}$/, 'must be an E.164 number of 11 to 15 digits')
  .transform((value) => value.replace(/^\+/, ''));
const iccid = z.string().regex(/^[0-9]{19,20}$/, 'must be an ICCID of 19 or 20 digits');
const pei = z.string().regex(/^[0-9]{15,17}$/, 'must be an IMEI/PEI of 15 to 17 digits');
const tac = z.string().regex(/^[0-9]{8,16}$/, 'must be a TAC of 8 to 16 digits');
const eid = z.string().regex(/^[0-9]{19,32}$/, 'must be an EID of 19 to 32 digits');

const noInput = z.strictObject({});
const compatibilityInput = z
  .strictObject({ imei: pei.optional(), tac: tac.optional() })
  .refine((value) => (value.imei === undefined) !== (value.tac === undefined), {
    message: 'give exactly one of imei and tac',
    path: ['imei'],
  });
const eligibilityInput = z.strictObject({ msisdn: gpsiInput });
const simCheckInput = z.strictObject({ iccid });
const blockInput = z.strictObject({ reasonCode: z.string().min(1).max(36).optional() });
const billCycleInput = z.strictObject({ billCycleStartDay: z.number().int().min(1).max(28) });
const portedNumberInput = z.strictObject({
  msisdn: gpsiInput,
  donorAccountNumber: z.string().min(1).max(64),
  donorAccountPin: z.string().min(1).max(20),
  donorAccountName: z.string().min(1).max(128).optional(),
});
const deviceChangeInput = z
  .strictObject({ imei: pei.optional(), eid: eid.optional() })
  .refine((value) => value.imei !== undefined || value.eid !== undefined, {
    message: 'give the new device as imei, eid or both',
    path: ['imei'],
  });

export const spsCarrierActionSpecs = [
  {
    name: 'subscription-details',
    summary: "SPS's record of the line (Query subscription details)",
    effect: 'read',
    input: noInput,
  },
  { name: 'sim-details', summary: "The line's SIM as SPS holds it (simDetails)", effect: 'read', input: noInput },
  {
    name: 'sim-check',
    summary: 'Whether a SIM can be activated (simCheck)',
    effect: 'read',
    input: simCheckInput,
    scope: 'connection',
  },
  {
    name: 'device-compatibility',
    summary: 'Whether a device (IMEI or TAC) works on the network, and its block status',
    effect: 'read',
    input: compatibilityInput,
    scope: 'connection',
  },
  {
    name: 'port-in-eligibility',
    summary: 'Whether a number can be ported in, with the canonical reason when not',
    effect: 'read',
    input: eligibilityInput,
    scope: 'connection',
  },
  { name: 'bill-cycle', summary: "The line's bill cycle (frequency and start day)", effect: 'read', input: noInput },
  {
    name: 'change-bill-cycle',
    summary: 'Move the bill cycle start day (1 to 28)',
    effect: 'write',
    input: billCycleInput,
  },
  {
    name: 'block-sim',
    summary: 'Block the SIM (a lost SIM); the line keeps its status',
    effect: 'write',
    input: blockInput,
  },
  { name: 'unblock-sim', summary: 'Unblock a blocked SIM', effect: 'write', input: blockInput },
  {
    name: 'change-to-ported-number',
    summary: 'Change the line to a number ported in from another operator (Change GPSI to Port-In GPSI)',
    effect: 'write',
    input: portedNumberInput,
  },
  {
    name: 'change-device',
    summary: 'Change only the device (IMEI and/or EID), keeping the SIM',
    effect: 'write',
    input: deviceChangeInput,
  },
] as const satisfies CarrierActionsV1['specs'];

function lineQuery(line: LineReference): { gpsi: string } | { iccid: string } {
  const gpsi = line.msisdn ? msisdnToGpsi(line.msisdn) : null;
  if (gpsi) return { gpsi };
  if (line.iccid) return { iccid: line.iccid };
  throw new ValidationError('SPS looks a line up by its number or ICCID; this line has neither yet.', []);
}

function gpsiOf(line: LineReference): string {
  const gpsi = line.msisdn ? msisdnToGpsi(line.msisdn) : null;
  if (!gpsi) throw new ValidationError('This SPS action needs the line to have a number.', []);
  return gpsi;
}

export function createSpsCarrierActions(client: SpsApiClient): CarrierActionsV1 {
  async function details(line: LineReference) {
    return callSps(
      () => client.GET('/subscription/details', { params: { query: lineQuery(line) } }),
      'read the subscription',
      {
        isWrite: false,
      },
    );
  }
  return {
    specs: spsCarrierActionSpecs,
    async read(name, line, input) {
      switch (name) {
        case 'subscription-details': {
          const record = (await details(line)) ?? {};
          const msisdn = readGpsi((record as { gpsi?: string }).gpsi);
          return { ...record, msisdn: msisdn.value, ...(msisdn.warning ? { warnings: [msisdn.warning] } : {}) };
        }
        case 'bill-cycle': {
          const record = (await details(line)) as { billCycleFrequency?: string; billCycleStartDay?: number } | null;
          return {
            billCycleFrequency: record?.billCycleFrequency ?? null,
            billCycleStartDay: record?.billCycleStartDay ?? null,
          };
        }
        case 'sim-details':
          return (
            (await callSps(
              () => client.GET('/sim/simDetails', { params: { query: lineQuery(line) } }),
              'read the SIM',
              {
                isWrite: false,
              },
            )) ?? {}
          );
        case 'sim-check': {
          const answer = await callSps(
            () => client.GET('/sim/simCheck', { params: { query: { iccid: String(input.iccid) } } }),
            'check the SIM',
            { isWrite: false },
          );
          return { valid: answer?.validationStatus === true };
        }
        case 'device-compatibility': {
          const query = input.imei ? { pei: String(input.imei) } : { tac: String(input.tac) };
          return (
            (await callSps(() => client.GET('/device/compatibility', { params: { query } }), 'check the device', {
              isWrite: false,
            })) ?? {}
          );
        }
        case 'port-in-eligibility': {
          const answer = await callSps(
            () => client.POST('/portin/eligibility', { body: { gpsi: String(input.msisdn) } }),
            'check port-in eligibility',
            { isWrite: false },
          );
          const eligible = answer?.eligibilityStatus !== 'Reject';
          return {
            eligible,
            ...(eligible ? {} : { reason: spsPortingRejectionReason(answer?.reasonCode) }),
            carrier: {
              status: answer?.eligibilityStatus ?? null,
              code: answer?.reasonCode ?? null,
              message: answer?.reasonDesc ?? null,
              checkedAt: answer?.checkedDate ?? null,
            },
          };
        }
      }
      throw new ValidationError(`${name} is not a read action of SPS.`, []);
    },
  };
}

/** Sends a write carrier action; `partnerTransactionId` is our operation id, as for every SPS transaction. */
export async function submitSpsCarrierAction(
  client: SpsApiClient,
  submit: SubmitRequest,
): Promise<'transaction' | 'done'> {
  const { action, input } = submit.operation.request as unknown as CarrierActionRequest;
  const partnerTransactionId = submit.operation.id;
  const line = submit.subscription;
  const write = { isWrite: true };
  switch (action) {
    case 'block-sim':
    case 'unblock-sim': {
      const body = {
        partnerTransactionId,
        action: action === 'block-sim' ? ('Block' as const) : ('Unblock' as const),
        ...lineQuery(line),
        ...(typeof input.reasonCode === 'string' ? { reasonCode: input.reasonCode } : {}),
      };
      await callSps(() => client.POST('/sim/block', { body }), `${action.replace('-', ' ')}`, write);
      return 'transaction';
    }
    case 'change-to-ported-number': {
      const body = {
        partnerTransactionId,
        gpsi: gpsiOf(line),
        portInGpsi: String(input.msisdn),
        donorAccount: {
          accountNumber: String(input.donorAccountNumber),
          pin: String(input.donorAccountPin),
          ...(typeof input.donorAccountName === 'string' ? { accountName: input.donorAccountName } : {}),
        },
      };
      await callSps(() => client.POST('/number/changePortIn', { body }), 'change to the ported-in number', write);
      return 'transaction';
    }
    case 'change-device': {
      const body = {
        partnerTransactionId,
        ...lineQuery(line),
        ...(typeof input.imei === 'string' ? { newPei: input.imei } : {}),
        ...(typeof input.eid === 'string' ? { newEid: input.eid } : {}),
      };
      await callSps(() => client.POST('/device/change', { body }), 'change the device', write);
      return 'transaction';
    }
    case 'change-bill-cycle': {
      const body = {
        gpsi: gpsiOf(line),
        billCycleFrequency: 'MONTHLY' as const,
        billCycleStartDay: Number(input.billCycleStartDay),
      };
      await callSps(() => client.POST('/profile/billCycle', { body }), 'change the bill cycle', write);
      return 'done';
    }
  }
  throw new ValidationError(`${action} is not a write action of SPS.`, [{ pointer: '/action', detail: 'unknown' }]);
}
