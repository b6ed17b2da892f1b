/** Benchmarks: none yet. They will report ratios measured side by side in one run, never absolute times. */
console.log('no benchmarks yet');
