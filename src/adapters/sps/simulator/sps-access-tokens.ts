/** Bearer tokens the simulator's token endpoint issues, valid for `ttlSeconds` on the simulator's clock. */
export class SpsAccessTokens {
  private readonly tokens = new Map<string, number>();
  issuedCount = 0;

  constructor(
    private readonly now: () => Date,
    readonly ttlSeconds: number,
  ) {}

  issue(): { access_token: string; token_type: 'Bearer'; expires_in: number } {
    const bytes = new Uint8Array(24);
    crypto.getRandomValues(bytes);
    const token = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
    this.tokens.set(token, this.now().getTime() + this.ttlSeconds * 1000);
    this.issuedCount++;
    return { access_token: token, token_type: 'Bearer', expires_in: this.ttlSeconds };
  }

  isValid(token: string): boolean {
    const expiresAt = this.tokens.get(token);
    return expiresAt !== undefined && this.now().getTime() < expiresAt;
  }

  /** Revokes every token issued so far, as a key rotation at SPS would (tests use it to provoke a 401). */
  revokeAll(): void {
    this.tokens.clear();
  }
}
