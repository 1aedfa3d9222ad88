import { behaviourCases } from './cases.js';
import { runCases } from './harness.js';

runCases(behaviourCases);
