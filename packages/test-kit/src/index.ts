/**
 * The client test kit (private, never published): one scripted fetch, one write-safety
 * suite and one property test harness used by every client, instead of a copy per client.
 */
export { fakeFetch, hang, scriptedClient } from './fake-fetch.js';
export type { ScriptedClient, SentRequest, Step } from './fake-fetch.js';
export { json, jsonText, networkError, stringifyWithBigints } from './answers.js';
export { everyRendering, expectNoSecrets } from './secrets.js';
export { rejection } from './rejection.js';
export { describeWriteSafety } from './write-safety.js';
export type { WriteSafetyTarget } from './write-safety.js';
export { assertCallProperty } from './call-property.js';
export type { CallProperty } from './call-property.js';
export { mutated, nastyValue } from './hostile.js';
export { specRequestValidator } from './spec-request.js';
export { startTestPostgres } from './postgres.js';
export type { TestDatabase, TestPostgres } from './postgres.js';
