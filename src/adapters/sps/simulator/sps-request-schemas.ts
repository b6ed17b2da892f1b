import { z } from 'zod';
import { spsLocationSchema, spsProductSchema } from '../sps-carrier-options.js';

/**
 * SPS request bodies as the simulator checks them: the documented lengths and patterns (sps.md §2), strict so that
 * a misspelt field is answered 400 rather than ignored, and each "one of" rule spelt out.
 */
export const partnerTransactionIdSchema = z.string().min(1).max(36);
const subscriberId = z
  .string()
  .min(1)
  .max(36)
  .regex(/^[-a-zA-Z0-9\s].*$/, 'must start with a letter, digit, hyphen or space');
const wholesalePlanId = subscriberId;
/** Lenient about type: one documented sample sends the GPSI as a JSON number. */
export const gpsiSchema = z
  .union([z.string(), z.number().int().nonnegative()])
  .transform((value) => String(value))
  .pipe(z.string().regex(/^[0-9]{11,15}$/, 'must be 11 to 15 digits'));
const gpsiReservationId = z.string().min(1).max(36);
export const iccidSchema = z.string().regex(/^[0-9]{19,20}$/, 'must be 19 or 20 digits');
export const peiSchema = z.string().regex(/^[0-9]{15,17}$/, 'must be 15 to 17 digits');
const eid = z.string().regex(/^[0-9]{19,32}$/, 'must be 19 to 32 digits');
export const tacSchema = z.string().regex(/^[0-9]{8,16}$/, 'must be 8 to 16 digits');
const bucketRefId = z.array(z.string().min(1));
const billCycleStartDay = z.number().min(1).max(28);
const products = z.array(spsProductSchema);
const donorAccount = z.strictObject({
  accountNumber: z.string().min(1).max(64),
  pin: z.string().min(1).max(20),
  accountName: z.string().min(1).max(128).optional(),
});

type Context = z.RefinementCtx;

function exactlyOneKey(value: { gpsi?: unknown; iccid?: unknown }, context: Context) {
  if ((value.gpsi === undefined) === (value.iccid === undefined)) {
    context.addIssue({ code: 'custom', path: ['iccid'], message: 'give exactly one of iccid and gpsi' });
  }
}

const activationFields = {
  partnerTransactionId: partnerTransactionIdSchema,
  subscriberId,
  wholesalePlanId,
  bucketRefId: bucketRefId.optional(),
  location: spsLocationSchema,
  billCycleFrequency: z.literal('MONTHLY').optional(),
  billCycleStartDay: billCycleStartDay.optional(),
  gpsiReservationId: gpsiReservationId.optional(),
  iccid: iccidSchema.optional(),
  pei: peiSchema.optional(),
  eid: eid.optional(),
  eSIMDeliveryMethod: z.literal('QR').optional(),
  products: products.optional(),
};

/**
 * The documented schema makes `iccid`, `eid` and `gpsiReservationId` all optional ("EID of the eSIM. *Required for
 * BYOD."), and its own sample sends `iccid` together with `eSIMDeliveryMethod: "QR"`. So every combination is
 * accepted here; the rules we infer beyond the schema (a SIM must be named, a chosen number must be reserved) are
 * business rules the transaction fails with (sps-transaction-rules.ts), not 400s.
 */
export const activateRequestSchema = z.strictObject({ ...activationFields, gpsi: gpsiSchema.optional() });
export type ActivateBody = z.infer<typeof activateRequestSchema>;

export const portInActivateRequestSchema = z.strictObject({ ...activationFields, gpsi: gpsiSchema, donorAccount });
export type PortInActivateBody = z.infer<typeof portInActivateRequestSchema>;

export const updateStatusRequestSchema = z
  .strictObject({
    partnerTransactionId: partnerTransactionIdSchema,
    iccid: iccidSchema.optional(),
    gpsi: gpsiSchema.optional(),
    action: z.enum(['Suspend', 'Resume', 'Cease', 'Reactivate']),
  })
  .superRefine(exactlyOneKey);
export type UpdateStatusBody = z.infer<typeof updateStatusRequestSchema>;

export const macdRequestSchema = z
  .strictObject({
    partnerTransactionId: partnerTransactionIdSchema,
    gpsi: gpsiSchema.optional(),
    iccid: iccidSchema.optional(),
    wholesalePlanId: wholesalePlanId.optional(),
    bucketRefId: bucketRefId.optional(),
    products: products.optional(),
  })
  .superRefine((value, context) => {
    exactlyOneKey(value, context);
    if (value.wholesalePlanId === undefined && value.bucketRefId === undefined && value.products === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['wholesalePlanId'],
        message: 'give at least one of wholesalePlanId, bucketRefId and products',
      });
    }
  });
export type MacdBody = z.infer<typeof macdRequestSchema>;

export const changeDeviceSimRequestSchema = z
  .strictObject({
    partnerTransactionId: partnerTransactionIdSchema,
    gpsi: gpsiSchema.optional(),
    iccid: iccidSchema.optional(),
    newIccid: iccidSchema.optional(),
    newEid: eid.optional(),
    newPei: peiSchema.optional(),
    eSIMDeliveryMethod: z.literal('QR').optional(),
  })
  .superRefine((value, context) => {
    exactlyOneKey(value, context);
    if (value.newIccid === undefined && value.newEid === undefined && value.newPei === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['newIccid'],
        message: 'give at least one of newIccid, newEid and newPei',
      });
    }
    if (value.newIccid !== undefined && value.newEid !== undefined) {
      context.addIssue({ code: 'custom', path: ['newEid'], message: 'give newIccid or newEid, not both' });
    }
  });
export type ChangeDeviceSimBody = z.infer<typeof changeDeviceSimRequestSchema>;

export const changeGpsiRequestSchema = z
  .strictObject({
    partnerTransactionId: partnerTransactionIdSchema,
    gpsi: gpsiSchema.optional(),
    iccid: iccidSchema.optional(),
    newGpsi: gpsiSchema.optional(),
    gpsiReservationId: gpsiReservationId.optional(),
  })
  .superRefine((value, context) => {
    exactlyOneKey(value, context);
    if (value.newGpsi !== undefined && value.gpsiReservationId === undefined) {
      context.addIssue({ code: 'custom', path: ['gpsiReservationId'], message: 'is required with newGpsi' });
    }
  });
export type ChangeGpsiBody = z.infer<typeof changeGpsiRequestSchema>;

export const changeGpsiPortInRequestSchema = z.strictObject({
  partnerTransactionId: partnerTransactionIdSchema,
  gpsi: gpsiSchema,
  portInGpsi: gpsiSchema,
  donorAccount,
});
export type ChangeGpsiPortInBody = z.infer<typeof changeGpsiPortInRequestSchema>;

export const blockSimRequestSchema = z
  .strictObject({
    partnerTransactionId: partnerTransactionIdSchema,
    gpsi: gpsiSchema.optional(),
    iccid: iccidSchema.optional(),
    action: z.enum(['Block', 'Unblock']),
    reasonCode: z.string().min(1).max(36).optional(),
  })
  .superRefine(exactlyOneKey);
export type BlockSimBody = z.infer<typeof blockSimRequestSchema>;

export const updateBillCycleRequestSchema = z.strictObject({
  gpsi: gpsiSchema,
  billCycleFrequency: z.literal('MONTHLY'),
  billCycleStartDay,
});

export const eligibilityRequestSchema = z.strictObject({ gpsi: gpsiSchema });

export const callbackRegistrationSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/ }),
  auth: z.strictObject({ type: z.literal('HmacSha256'), secret: z.string().min(16).max(256) }),
});

export const lineQuerySchema = z
  .object({ gpsi: gpsiSchema.optional(), iccid: iccidSchema.optional() })
  .superRefine(exactlyOneKey);

export const simCheckQuerySchema = z.object({ iccid: iccidSchema });

export const compatibilityQuerySchema = z
  .object({ pei: peiSchema.optional(), tac: tacSchema.optional() })
  .superRefine((value, context) => {
    if ((value.pei === undefined) === (value.tac === undefined)) {
      context.addIssue({ code: 'custom', path: ['pei'], message: 'give exactly one of pei and tac' });
    }
  });

/** Header rules shared by every SPS operation (sps.md §2). */
export const wholesaleCustomerIdSchema = z.string().min(1).max(12);
export const correlationIdSchema = z.string().min(1).max(128);
