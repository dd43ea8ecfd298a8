import type {
  ProviderAnswer,
  ProviderHandler,
  ProviderRequest,
  SandboxContext,
} from '../provider.js';
import type { SpecOperation, Violation } from '../spec.js';

/** Shoplazza (stub, to be written). */
export class ShoplazzaProvider implements ProviderHandler {
  readonly name = 'shoplazza';

  constructor(
    readonly operations: readonly SpecOperation[],
    readonly context: SandboxContext,
  ) {}

  authenticate(_request: ProviderRequest): ProviderAnswer | undefined {
    return undefined;
  }

  invalid(_request: ProviderRequest, violations: Violation[]): ProviderAnswer {
    return { status: 400, body: { violations } };
  }

  unknownRoute(method: string, path: string): ProviderAnswer {
    return { status: 404, body: { error: `no such endpoint: ${method} ${path}` } };
  }

  handle(_request: ProviderRequest): ProviderAnswer {
    return { status: 501, body: { error: 'not implemented' } };
  }
}
