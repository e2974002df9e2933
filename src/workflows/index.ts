// The worker's workflow bundle entry point.
export { researchWorkflow } from './research';
export { reviseWorkflow } from './revise';
export { roundWorkflow } from './round';
