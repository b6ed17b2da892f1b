import { describe, expect, it } from 'vitest';
import { createHarness } from './stn-test-harness.js';

describe('sTN simulator: documented error answers', () => {
  it('answers 401 without a stn-api-key or with a wrong one, and 200 with the right one', async () => {
    const harness = createHarness();
    expect((await harness.stn('GET', '/api/QuerySimcard', undefined, null)).status).toBe(401);
    expect((await harness.stn('GET', '/api/QuerySimcard', undefined, 'not-the-key')).status).toBe(401);
    expect((await harness.stn('POST', '/api/SuspendSubscription', { subscriptionId: 'x' }, null)).status).toBe(401);
    expect((await harness.stn('GET', '/api/QuerySimcard')).status).toBe(200);
  });

  it('reproduces the documented MaximumLength body for a 26-character referenceNumber exactly', async () => {
    const harness = createHarness();
    const [iccid] = harness.simulator.listFreeSims();
    const response = await harness.stn('POST', '/api/NewSubscription', {
      simCardNumber: iccid,
      referenceNumber: 'Regular Error Notification',
    });
    expect(response.status).toBe(400);
    expect(response.body).toStrictEqual({
      responseStatus: {
        errorCode: 'MaximumLength',
        message: "The length of 'reference Number' must be 15 characters or fewer. You entered 26 characters.",
        errors: [
          {
            errorCode: 'MaximumLength',
            fieldName: 'referenceNumber',
            message: "The length of 'reference Number' must be 15 characters or fewer. You entered 26 characters.",
            meta: {
              MinLength: '0',
              MaxLength: '15',
              TotalLength: '26',
              PropertyName: 'reference Number',
              PropertyValue: 'Regular Error Notification',
            },
          },
        ],
      },
    });
  });

  it('applies the same rule to confirmationCode (10) and note (164), listing every field that is too long', async () => {
    const harness = createHarness();
    const tooLong = await harness.stn('POST', '/api/NewSubscription', {
      eSim: true,
      email: 'customer@example.com',
      confirmationCode: 'ABCDEFGHIJK',
      referenceNumber: 'REF-0123456789-X',
    });
    expect(tooLong.status).toBe(400);
    const { responseStatus } = tooLong.body;
    expect(responseStatus.errors.map((error: { fieldName: string }) => error.fieldName)).toEqual([
      'confirmationCode',
      'referenceNumber',
    ]);
    expect(responseStatus.message).toBe(
      "The length of 'confirmation Code' must be 10 characters or fewer. You entered 11 characters.",
    );
    const note = await harness.stn('POST', '/api/CancelNewSubscription', { activationId: 'x', note: 'n'.repeat(165) });
    expect(note.body.responseStatus.message).toBe(
      "The length of 'note' must be 164 characters or fewer. You entered 165 characters.",
    );
    expect(note.body.responseStatus.errors[0].meta).toMatchObject({ MaxLength: '164', TotalLength: '165' });
  });

  it('answers the documented eSIM error for the docs’ own request body (lower-case "esim", no email)', async () => {
    const harness = createHarness();
    // Verbatim from the NewSubscription page, including the duplicated subscriptionType key.
    const body = `{
    "referenceNumber":"Test esim",
    "subscriptionType":"VOICEDATA",
    "wishDate": "2025-01-03T12:00:00+01:00",
    "subscriptionType": "VOICEDATA",
    "accessType": "INTERNETACCESS",
    "esim": true,
    "services": {
        "internationalDialing": false,
        "voiceMail": false,
        "voiceRoaming": true
    }
}`;
    const response = await harness.stn('POST', '/api/NewSubscription', body);
    expect(response.status).toBe(400);
    expect(response.body).toStrictEqual({
      responseStatus: {
        errorCode: 'BadRequest',
        message: 'Email address is required when activating an eSim',
        errors: [],
      },
    });
  });

  it('answers the documented SerializationException, unbalanced quote and newline included, for CancelTerminate with "id"', async () => {
    const harness = createHarness();
    const response = await harness.stn('POST', '/api/CancelTerminateSubscription', {
      id: '###eP7ds###WQJoIE',
      note: 'Customer decided to retain the subscription.',
    });
    expect(response.status).toBe(400);
    expect(response.body).toStrictEqual({
      responseStatus: {
        errorCode: 'SerializationException',
        message:
          "Could not deserialize 'application/json' request using STNPartnerAPIServiceStack.ServiceModel.CancelTerminateSubscription'\nError: JSON deserialization for type 'STNPartnerAPIServiceStack.ServiceModel.CancelTerminateSubscription' was missing required properties, including the following: activationId",
        errors: [],
      },
    });
  });

  it.each([
    'CancelNewSubscription',
    'ChangeInPortSubscription',
    'CancelInPortSubscription',
    'CancelPortingOutSubscription',
  ])('names the DTO %s in the SerializationException when activationId is missing', async (operation) => {
    const harness = createHarness();
    const response = await harness.stn('POST', `/api/${operation}`, { note: 'no id' });
    expect(response.status).toBe(400);
    expect(response.body.responseStatus.message).toBe(
      `Could not deserialize 'application/json' request using STNPartnerAPIServiceStack.ServiceModel.${operation}'\nError: JSON deserialization for type 'STNPartnerAPIServiceStack.ServiceModel.${operation}' was missing required properties, including the following: activationId`,
    );
  });
});
