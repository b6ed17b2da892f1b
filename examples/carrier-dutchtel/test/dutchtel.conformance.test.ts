import { runCarrierConformance } from 'mvno-gateway/testing';
import { dutchtelPlugin } from '../src/index.js';
import { dutchtelConformanceSimulator, dutchtelFixtures } from './dutchtel-fixtures.js';

runCarrierConformance({
  plugin: dutchtelPlugin,
  simulator: dutchtelConformanceSimulator,
  fixtures: dutchtelFixtures,
});
