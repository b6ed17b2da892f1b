/** What the bench's parent and its gateway process agree on. */
export const benchApiKey = 'sk_sandbox_bench_key_000';
