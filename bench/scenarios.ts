/**
 * The benchmarked requests, each made three ways: raw `fetch`, bare openapi-fetch
 * (`createClient<paths>` with the client's generated `paths`, default `parseAs: 'json'`) and
 * the refundkit client (scenarios-<provider>.ts). All three send the same URL, method,
 * headers and body; the byte check in verify.ts proves it before anything is timed.
 */
import type { CreateClient, Scenario } from './contestants.ts';
import type { Fixture } from './fixtures.ts';
import { importPackage, openapiFetchHome } from './resolve.ts';
import { kakacloScenarios } from './scenarios-kakaclo.ts';
import { keetaScenarios } from './scenarios-keeta.ts';
import { shoplazzaScenarios } from './scenarios-shoplazza.ts';

/** Builds every scenario against the peer server at `origin`. */
export async function buildScenarios(
  origin: string,
  fixtures: readonly Fixture[],
): Promise<Scenario[]> {
  const { default: createClient } = await importPackage<{ default: CreateClient }>(
    'openapi-fetch',
    openapiFetchHome(),
  );
  const context = { origin, fixtures, createClient };
  return [
    ...(await keetaScenarios(context)),
    ...(await shoplazzaScenarios(context)),
    ...(await kakacloScenarios(context)),
  ];
}
