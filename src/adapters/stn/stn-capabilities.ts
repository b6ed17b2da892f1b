import type { CarrierCapabilities } from '../../core/index.js';
import { stnSupportedServices } from './stn-services-mapping.js';

export const stnProviderEnvironments = ['SP16001', 'SP16002'] as const;

/**
 * Polling batch size: one `QueryActivation?IdIn=…` per 100 activations. 100 ids of 17 characters make a query
 * string of about 1,800 characters, under the 2,048 that IIS allows by default (sTN runs ServiceStack on .NET and
 * publishes no limit), so a batch cannot fail for its URL length. 200 activations cost 2 requests.
 */
export const stnPollBatchSize = 100;

export const stnCapabilities: CarrierCapabilities = {
  operations: [
    'activate',
    'port_in',
    'change_port_in',
    'suspend',
    'resume',
    'cease',
    'sim_swap',
    'change_services',
    'change_plan',
    'port_out',
    'cancel_activation',
    'cancel_port_in',
    'cancel_port_out',
    'cancel_cease',
  ],
  esim: true,
  // NewSubscription/MoveEnvironment/PortingOut/Terminate take wishDate; InPort and ChangeInPort portingWishDate.
  scheduling: ['activate', 'port_in', 'change_port_in', 'cease', 'change_plan', 'port_out'],
  callbacks: false,
  batchPolling: { maxBatchSize: stnPollBatchSize },
  services: stnSupportedServices,
  plans: {
    meaning:
      'sTN provider environment: the KPN environment the line is registered in (SP16001 Regular, SP16002 Unlimited)',
    values: stnProviderEnvironments,
  },
  reads: ['subscription', 'sim_cards', 'usage', 'cdrs', 'invoices'],
  // sTN is a KPN MVNE: Dutch mobile numbers (06-…) only; InPortSubscription requires donorCustomerNumber.
  coverage: { countries: ['NL'], numberPrefixes: ['+316'], portInRequiredFields: ['donorAccountNumber'] },
};
