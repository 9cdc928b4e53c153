// Why: the plain object the analytics worker exposes with Comlink. It is DOM- and worker-free so Node tests
// can expose it over a MessageChannel; results are marked for transfer so large arrays are moved, not cloned.
import { transfer } from 'comlink';
import { dashboardAnalytics, dashboardTransferables, pairAnalytics, resultTransferables } from '../analytics';
import type { AnalyticsApi } from './analyticsApi';

export function createAnalyticsService(): AnalyticsApi {
  return {
    async ping() {
      return 'pong' as const;
    },
    async pairAnalytics(req) {
      const result = pairAnalytics(req);
      return transfer(result, resultTransferables(result));
    },
    async dashboard(req) {
      const result = dashboardAnalytics(req);
      return transfer(result, dashboardTransferables(result));
    },
  };
}
