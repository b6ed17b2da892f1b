import type { Drill } from './lib/drill.js';
export const badInputDrill: Drill = { name: 'bad-input', aliases: ['bad-input'], run: async () => [] };
