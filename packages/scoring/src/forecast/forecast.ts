import type { ScorableArtifact } from '../engine/types.js';
import type { ScoringContext } from '../inventory/context.js';
import type { ControlLibrary } from '../library/model.js';
import { ForecastModel } from './model.js';
import type { Forecast, ForecastRequest } from './types.js';

/**
 * Which controls and clauses will not be compliant at `request.at` if no new evidence arrives,
 * and the evidence to renew before then (with its owner), over these current versions. Pure: the
 * engine's own evaluation at the two instants (now, and `at` with the sources read on their
 * current rhythm). For repeated forecasts over changing evidence keep a ForecastModel instead.
 */
export function forecast(
  library: ControlLibrary,
  artifacts: Iterable<ScorableArtifact>,
  request: ForecastRequest & { context?: ScoringContext | undefined },
): Forecast {
  const model = new ForecastModel(library, { context: request.context });
  model.load(artifacts);
  return model.forecast(request);
}
