import type { DtoDescriptor, FieldRule } from './stn-request-binding.js';

/**
 * The request DTOs of every POST operation, with the documented limits: referenceNumber ≤ 15,
 * confirmationCode ≤ 10, note ≤ 164, and `activationId` required on the operations that act on an activation.
 */
const referenceNumber: FieldRule = { type: 'string', maxLength: 15 };
const confirmationCode: FieldRule = { type: 'string', maxLength: 10 };
const note: FieldRule = { type: 'string', maxLength: 164 };
const text: FieldRule = { type: 'string' };
const flag: FieldRule = { type: 'boolean' };
const moment: FieldRule = { type: 'datetime' };
const subscriptionReference = { subscriptionId: text, phoneNumber: text };

export const newSubscriptionDto: DtoDescriptor = {
  name: 'NewSubscription',
  fields: {
    wishDate: moment,
    providerEnvironment: text,
    eSim: flag,
    simCardNumber: text,
    subscriptionType: text,
    email: text,
    confirmationCode,
    referenceNumber,
    stnCustomerId: text,
    accessType: text,
    services: { type: 'object' },
  },
};

export const suspendSubscriptionDto: DtoDescriptor = {
  name: 'SuspendSubscription',
  fields: { ...subscriptionReference, referenceNumber },
};

export const resumeSubscriptionDto: DtoDescriptor = {
  name: 'ResumeSubscription',
  fields: { ...subscriptionReference, referenceNumber },
};

export const simSwapSubscriptionDto: DtoDescriptor = {
  name: 'SimSwapSubscription',
  fields: {
    ...subscriptionReference,
    referenceNumber,
    newSimCardNumber: text,
    eSim: flag,
    email: text,
    confirmationCode,
  },
};

export const setServicesSubscriptionDto: DtoDescriptor = {
  name: 'SetServicesSubscription',
  fields: { ...subscriptionReference, services: { type: 'object' }, referenceNumber },
};

export const moveEnvironmentSubscriptionDto: DtoDescriptor = {
  name: 'MoveEnvironmentSubscription',
  fields: { ...subscriptionReference, newProviderEnvironment: text, wishDate: moment, referenceNumber },
};

export const inPortSubscriptionDto: DtoDescriptor = {
  name: 'InPortSubscription',
  fields: {
    phoneNumber: text,
    donorCustomerNumber: text,
    donorCustomerName: text,
    portingWishDate: moment,
    providerEnvironment: text,
    eSim: flag,
    simCardNumber: text,
    subscriptionType: text,
    email: text,
    confirmationCode,
    referenceNumber,
    stnCustomerId: text,
    accessType: text,
    services: { type: 'object' },
    note,
  },
};

export const changeInPortSubscriptionDto: DtoDescriptor = {
  name: 'ChangeInPortSubscription',
  fields: { activationId: { type: 'string', required: true }, donorCustomerNumber: text, portingWishDate: moment },
};

export const portingOutSubscriptionDto: DtoDescriptor = {
  name: 'PortingOutSubscription',
  fields: { ...subscriptionReference, wishDate: moment, referenceNumber },
};

export const terminateSubscriptionDto: DtoDescriptor = {
  name: 'TerminateSubscription',
  fields: { ...subscriptionReference, wishDate: moment, referenceNumber },
};

function cancelDto(name: string): DtoDescriptor {
  return { name, fields: { activationId: { type: 'string', required: true }, note } };
}

export const cancelNewSubscriptionDto = cancelDto('CancelNewSubscription');
export const cancelInPortSubscriptionDto = cancelDto('CancelInPortSubscription');
export const cancelPortingOutSubscriptionDto = cancelDto('CancelPortingOutSubscription');
export const cancelTerminateSubscriptionDto = cancelDto('CancelTerminateSubscription');
