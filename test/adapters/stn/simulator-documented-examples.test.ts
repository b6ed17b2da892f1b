import { describe, expect, it } from 'vitest';
import { activeLine, createHarness, type Harness, type StnJson } from './stn-test-harness.js';

/**
 * Each request example of the sTN docs, sent to the simulator. Masked values (`###…`, made-up ids such as
 * ACT12345) are replaced by records that exist; everything else is sent as documented, and the answer is checked
 * against the documented response shape.
 */
const activationKeys = [
  'id',
  'createdAt',
  'modifiedAt',
  'status',
  'activationType',
  'providerEnvironment',
  'referenceNumber',
  'info',
];
const postTimestamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}\+0[12]:00$/;

function expectActivation(body: StnJson, activationType: string, status = 'INIT') {
  for (const key of activationKeys) expect(body).toHaveProperty(key);
  expect(body.id).toMatch(/^[A-Za-z0-9]{17}$/);
  expect(body.createdAt).toMatch(postTimestamp);
  expect(body.activationType).toBe(activationType);
  expect(body.status).toBe(status);
}

async function inPort(harness: Harness) {
  const response = await harness.stn('POST', '/api/InPortSubscription', {
    phoneNumber: '06-12345830',
    subscriptionType: 'VOICEDATA',
    eSim: true,
    email: 'someone@example.nl',
    confirmationCode: '1234567890',
    stnCustomerId: 'Sc3iAxxxMQCmA89xx',
    portingWishDate: '2025-02-20T01:00:00+01:00',
    note: 'Inport request',
    donorCustomerNumber: '123456',
    services: {
      dataUsageNotification: 'Data Usage Notification 500 MB',
      dataRoamingLimitation: 'Limit 50',
      premiumServices: true,
      voiceMail: true,
    },
  });
  return response;
}

describe('sTN simulator: the documented request examples', () => {
  it('NewSubscription with a physical SIM (blank phoneNumber, subscriptionId set, info as documented)', async () => {
    const harness = createHarness();
    const [iccid] = harness.simulator.listFreeSims();
    const response = await harness.stn('POST', '/api/NewSubscription', {
      wishDate: '2025-01-30T12:00:00+01:00',
      eSim: false,
      simCardNumber: iccid,
      subscriptionType: 'VOICEDATA',
      email: 'customer@example.com',
      confirmationCode: 'ABC123',
      referenceNumber: 'REF20241127',
      stnCustomerId: '67890',
      accessType: 'INTERNETACCESS',
      services: { dataRoamingLimitation: 'Limit 100', dataUsageNotification: 'Data Usage Notification 5000 MB' },
    });
    expect(response.status).toBe(200);
    expectActivation(response.body, 'ACTIVATENEW');
    expect(response.body.subscriptionId).toMatch(/^[A-Za-z0-9]{17}$/);
    expect(response.body.phoneNumber ?? '').toBe('');
    expect(response.body.referenceNumber).toBe('REF20241127');
    expect(response.body.info).toMatchObject({
      simCardNumber: iccid,
      eSim: false,
      subscriptionType: 'VOICEDATA',
      accessType: 'INTERNETACCESS',
      stnCustomerId: '67890',
      wishDate: '2025-01-30T12:00:00+01:00',
    });
  });

  it('NewSubscription with an eSIM, and the overview body {"eSim": 1} read as an eSIM without email', async () => {
    const harness = createHarness();
    const esim = await harness.stn('POST', '/api/NewSubscription', {
      wishDate: '2025-01-30T12:00:00+01:00',
      eSim: true,
      email: 'customer@example.com',
      subscriptionType: 'VOICEDATA',
      confirmationCode: 'XYZ987',
      referenceNumber: 'REF20241128',
      accessType: 'INTERNETACCESS',
      services: { dataRoamingLimitation: 'Limit 50' },
    });
    expect(esim.status).toBe(200);
    expectActivation(esim.body, 'ACTIVATENEW');
    expect(esim.body.info).toMatchObject({ eSim: true, email: 'customer@example.com', confirmationCode: 'XYZ987' });
    const overview = await harness.stn('POST', '/api/NewSubscription', {
      wishDate: '2025-01-30T12:00:00+01:00',
      eSim: 1,
    });
    expect(overview.body.responseStatus.message).toBe('Email address is required when activating an eSim');
  });

  it('the Quick Start: list FREE SIMs, create a subscription, poll QueryActivation until DONE and read the number', async () => {
    const harness = createHarness();
    const free = await harness.stn('GET', '/api/QuerySimcard?status=FREE');
    expect(free.body).toMatchObject({ offset: 0, meta: {} });
    const [first] = free.body.results;
    expect(first).toStrictEqual({
      id: first.id,
      simCardNumber: first.simCardNumber,
      status: 'FREE',
      simCardType: 'USIM',
    });
    const created = await harness.stn('POST', '/api/NewSubscription', {
      simCardNumber: first.simCardNumber,
      referenceNumber: 'Test 123',
      subscriptionType: 'VOICEDATA',
      services: { internationalDialing: false, voiceMail: false, voiceRoaming: true },
    });
    await harness.advance(1000);
    const busy = await harness.stn('GET', `/api/QueryActivation?Id=${created.body.id}`);
    expect(busy.body.results[0]).toMatchObject({ status: 'BUSY', subscriptionId: created.body.subscriptionId });
    expect(busy.body.results[0].phoneNumber).toBeUndefined();
    await harness.advance(1000);
    const done = await harness.stn('GET', `/api/QueryActivation?Id=${created.body.id}`);
    expect(done.body.results[0]).toMatchObject({ status: 'DONE' });
    expect(done.body.results[0].phoneNumber).toMatch(/^06-\d{8}$/);
    expect(done.body.results[0].activatedDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0[12]:00$/);
    expect(done.body.results[0].createdAt).not.toMatch(postTimestamp);
  });

  it('SuspendSubscription and ResumeSubscription with the documented bodies', async () => {
    const harness = createHarness();
    const line = activeLine(harness);
    const suspend = await harness.stn('POST', '/api/SuspendSubscription', {
      subscriptionId: line.carrierSubscriptionId,
      referenceNumber: 'Simcard gotlost',
    });
    expectActivation(suspend.body, 'SUSPEND');
    expect(suspend.body).toMatchObject({ referenceNumber: 'Simcard gotlost', phoneNumber: line.phoneNumber, info: {} });
    await harness.advance(2000);
    const resume = await harness.stn('POST', '/api/ResumeSubscription', {
      subscriptionId: line.carrierSubscriptionId,
      referenceNumber: 'Simcard back',
    });
    expectActivation(resume.body, 'RESUME');
  });

  it('SimSwapSubscription to an eSIM with both ids and a code with special characters', async () => {
    const harness = createHarness();
    const line = activeLine(harness);
    const response = await harness.stn('POST', '/api/SimSwapSubscription', {
      subscriptionId: line.carrierSubscriptionId,
      phoneNumber: line.phoneNumber,
      eSim: true,
      email: 'customer@example.com',
      confirmationCode: '8E9!#',
    });
    expectActivation(response.body, 'SIMSWAP');
    expect(response.body.info).toMatchObject({ eSim: true, email: 'customer@example.com', confirmationCode: '8E9!#' });
  });

  it('SetServicesSubscription: the main example, the made-up example keys and the non-existing option', async () => {
    const harness = createHarness();
    const line = activeLine(harness);
    const main = await harness.stn('POST', '/api/SetServicesSubscription', {
      subscriptionId: line.carrierSubscriptionId,
      services: { internationalDialing: true },
    });
    expectActivation(main.body, 'SETSERVICES');
    expect(main.body).toMatchObject({ referenceNumber: '', info: { services: { internationalDialing: true } } });
    const madeUp = await harness.stn('POST', '/api/SetServicesSubscription', {
      phoneNumber: line.phoneNumber.replace('-', ''),
      services: { dataPlan: '10GB', smsPlan: 'Unlimited' },
      referenceNumber: 'REF54321',
    });
    expect(madeUp.body.info).toStrictEqual({ services: {} });
    const undefinedOption = await harness.stn('POST', '/api/SetServicesSubscription', {
      subscriptionId: line.carrierSubscriptionId,
      services: { newOptionNotDefined: true },
    });
    expect(undefinedOption.body).toMatchObject({ status: 'INIT', info: { services: {} } });
  });

  it('MoveEnvironmentSubscription, PortingOutSubscription and TerminateSubscription', async () => {
    const harness = createHarness({ seed: { activeSubscriptions: 3 } });
    const lines = [...harness.simulator.state.subscriptions.values()];
    const [first, second, third] = lines;
    const move = await harness.stn('POST', '/api/MoveEnvironmentSubscription', {
      subscriptionId: first?.id,
      newProviderEnvironment: 'SP16002',
      wishDate: '2025-03-01T00:00:00',
    });
    expectActivation(move.body, 'MOVEENVIRONMENT');
    const portOut = await harness.stn('POST', '/api/PortingOutSubscription', {
      subscriptionId: second?.id,
      phoneNumber: '0612345678',
      referenceNumber: 'REF54321',
    });
    expectActivation(portOut.body, 'OUTPORT');
    expect(portOut.body.subscriptionId).toBe(second?.id);
    const terminate = await harness.stn('POST', '/api/TerminateSubscription', {
      subscriptionId: third?.id,
      phoneNumber: third?.phoneNumber,
      wishDate: '2025-03-01T12:00:00+01:00',
    });
    expectActivation(terminate.body, 'TERMINATE');
    expect(terminate.body.info).toStrictEqual({ wishDate: '2025-03-01T12:00:00+01:00' });
  });

  it('InPortSubscription with the documented body: accepted, then ERROR for "Data Usage Notification 500 MB"', async () => {
    const harness = createHarness();
    const response = await inPort(harness);
    expectActivation(response.body, 'INPORT');
    expect(response.body.phoneNumber).toBe('06-12345830');
    expect(response.body.info).toMatchObject({
      isdn: '06-12345830',
      portingStatus: 'INIT',
      donorCustomerNumber: '123456',
    });
    await harness.advance(30 * 86_400_000);
    const later = harness.simulator.activation(response.body.id);
    expect(later).toMatchObject({ status: 'ERROR' });
  });

  it('ChangeInPortSubscription (both examples) and CancelInPortSubscription answer the original INPORT activation', async () => {
    const harness = createHarness();
    const { body: port } = await inPort(harness);
    await harness.advance(1000);
    const newDate = await harness.stn('POST', '/api/ChangeInPortSubscription', {
      activationId: port.id,
      portingWishDate: '2025-02-15T10:00:00+01:00',
    });
    expect(newDate.body).toMatchObject({ id: port.id, activationType: 'INPORT', status: 'BUSY' });
    expect(newDate.body.info.portingWishDate).toBe('2025-02-15T10:00:00+01:00');
    const donor = await harness.stn('POST', '/api/ChangeInPortSubscription', {
      activationId: port.id,
      donorCustomerNumber: 'DON09876',
    });
    expect(donor.body.info.donorCustomerNumber).toBe('DON09876');
    const cancel = await harness.stn('POST', '/api/CancelInPortSubscription', {
      activationId: port.id,
      note: 'Reason cancellation is that the services were not set yet.',
    });
    expect(cancel.body).toMatchObject({ id: port.id, status: 'BUSY', info: { portingStatus: 'CANCELLING' } });
  });

  it('CancelNewSubscription, CancelPortingOutSubscription and CancelTerminateSubscription return the original activation', async () => {
    const harness = createHarness({ seed: { activeSubscriptions: 2 } });
    const [iccid] = harness.simulator.listFreeSims();
    const created = await harness.stn('POST', '/api/NewSubscription', {
      simCardNumber: iccid,
      wishDate: '2025-02-10T00:00:00+01:00',
    });
    const cancelNew = await harness.stn('POST', '/api/CancelNewSubscription', {
      activationId: created.body.id,
      note: 'services not set',
    });
    expect(cancelNew.body).toMatchObject({ id: created.body.id, activationType: 'ACTIVATENEW', status: 'CANCELLING' });
    const [first, second] = [...harness.simulator.state.subscriptions.values()].filter(
      (line) => line.state === 'ACTIVE',
    );
    const portOut = await harness.stn('POST', '/api/PortingOutSubscription', {
      subscriptionId: first?.id,
      wishDate: '2025-03-01T12:00:00+01:00',
    });
    const cancelOut = await harness.stn('POST', '/api/CancelPortingOutSubscription', {
      activationId: portOut.body.id,
      note: 'Customer decided to stay with the current provider.',
    });
    expect(cancelOut.body).toMatchObject({ id: portOut.body.id, activationType: 'OUTPORT' });
    const terminate = await harness.stn('POST', '/api/TerminateSubscription', {
      subscriptionId: second?.id,
      wishDate: '2025-04-01T10:01:01+02:00',
    });
    const cancelTerminate = await harness.stn('POST', '/api/CancelTerminateSubscription', {
      activationId: terminate.body.id,
      note: 'Customer decided to retain the subscription.',
    });
    expect(cancelTerminate.body).toMatchObject({
      id: terminate.body.id,
      activationType: 'TERMINATE',
      info: { wishDate: '2025-04-01T10:01:01+02:00' },
    });
  });

  it('the QueryCdrMonth, QueryCdr and QueryUsageSubscription examples answer the documented record shapes', async () => {
    const harness = createHarness();
    const months = await harness.stn('GET', '/api/QueryCdrMonth?orderByDesc=yearMonth&take=3');
    expect(months.body.results).toStrictEqual([
      { yearMonth: '2025_01', providerGroup: 'KPNMOBIEL' },
      { yearMonth: '2024_12', providerGroup: 'KPNMOBIEL' },
    ]);
    expect((await harness.stn('GET', '/api/QueryCdrMonth?yearMonth=2024_12')).body.results).toHaveLength(1);
    expect((await harness.stn('GET', '/api/QueryCdrMonth?take=10&orderBy=providerGroup')).status).toBe(200);
    const cdrs = await harness.stn('GET', '/api/QueryCdr?yearMonth=2025_01');
    const data = cdrs.body.results.find((cdr: { destination: string }) => cdr.destination === '000INTERNET');
    expect(Object.keys(data).sort()).toEqual(
      [
        'id',
        'subscriptionId',
        'phoneNumber',
        'yearMonth',
        'providerGroup',
        'description',
        'rateClass',
        'usageDate',
        'volume',
        'amount',
        'destination',
        'countryCodeOwn',
      ].sort(),
    );
    expect(data.usageDate).toMatch(/Z$/);
    const usage = await harness.stn('GET', '/api/QueryUsageSubscription?yearMonth=2025_01');
    expect(usage.body.results[0]).toMatchObject({
      yearMonth: '2025_01',
      providerGroup: 'KPNMOBIEL',
      quantityInBundleHomeVoice: -1,
      usageDetails: expect.arrayContaining([
        expect.objectContaining({ invoiceLineCode: 'INT_NAT', invoiceLineType: '7' }),
      ]),
    });
    const missingMonth = await harness.stn('GET', '/api/QueryCdr');
    expect(missingMonth.status).toBe(400);
    expect(missingMonth.body.responseStatus.errors[0].fieldName).toBe('yearMonth');
  });
});
