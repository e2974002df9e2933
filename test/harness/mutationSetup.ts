/**
 * Set up for mutation runs only (jest.mutation.config.js): a property that fails under a mutant has done
 * its job, so fast-check stops at the first counterexample instead of shrinking it. The verdict is the same;
 * the run is shorter.
 */
import fc from 'fast-check';

fc.configureGlobal({ endOnFailure: true });
