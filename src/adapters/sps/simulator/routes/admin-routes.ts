import { Hono } from 'hono';
import type { SpsCallbackRegistration } from '../../sps-api-types.js';
import type { CallbackRegistration } from '../sps-callback-delivery.js';
import { parseJsonBody, spsError } from '../sps-error-responses.js';
import { callbackRegistrationSchema } from '../sps-request-schemas.js';
import type { SpsSimulatorEnv, SpsSimulatorWorld } from '../sps-simulator-world.js';

/** Stands in for the developer hub, where a partner registers its callback URL and secret. */
function publicView(registration: CallbackRegistration): SpsCallbackRegistration {
  return { url: registration.url, auth: { type: 'HmacSha256' }, updatedDate: registration.updatedDate };
}

export function adminRoutes(world: SpsSimulatorWorld): Hono<SpsSimulatorEnv> {
  const app = new Hono<SpsSimulatorEnv>();

  app.put('/callback', async (context) => {
    const body = await parseJsonBody(context, callbackRegistrationSchema);
    if (body instanceof Response) return body;
    return context.json(publicView(world.callbacks.register(body.url, body.auth.secret)), 200);
  });

  app.get('/callback', (context) => {
    const registration = world.callbacks.registration;
    if (!registration) return spsError(context, 404, 'SPS-404-CALLBACK', 'No callback URL is registered');
    return context.json(publicView(registration), 200);
  });

  return app;
}
