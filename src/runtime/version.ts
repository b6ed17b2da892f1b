/** The gateway's version, shown by /readyz and in /openapi.json. Kept in step with package.json by a test. */
export const gatewayVersion = '0.1.0';
