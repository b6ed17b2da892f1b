import type { Drill } from './lib/drill.js';
export const isolationDrill: Drill = { name: 'isolation', aliases: ['isolation'], run: async () => [] };
