import { entryCases, startupCases } from './entry-cases.js';
import { runCases, runStartupCases } from './harness.js';

runCases(entryCases);
runStartupCases(startupCases);
