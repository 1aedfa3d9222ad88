import { behaviourCases } from './cases.js';
import { runCases } from './harness.js';
import { machineCases } from './machine-cases.js';

runCases([...behaviourCases, ...machineCases]);
