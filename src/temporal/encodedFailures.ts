/**
 * The failure converter of a worker with encryption keys (loaded by path: the SDK requires it so for
 * workers): an activity failure's message and stack trace travel as a payload, which the codec encrypts,
 * instead of in plain text (a failed page's message names its URL).
 */
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
