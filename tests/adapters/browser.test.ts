import { browserCases } from './browser-cases.js';
import { runCases } from './harness.js';

runCases(browserCases);
