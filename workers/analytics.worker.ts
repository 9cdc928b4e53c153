// Why: the analytics worker entry only wires the tested factory to Comlink.
import * as Comlink from 'comlink';
import { createAnalyticsService } from '../src/services/analyticsService';

Comlink.expose(createAnalyticsService());
