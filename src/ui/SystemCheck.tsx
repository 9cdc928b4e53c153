// Why: the user (and the e2e tests) can see at a glance that both workers and the database engine run.
import { useAppStore } from './storeContext';

export function SystemCheck() {
  const health = useAppStore((s) => s.health);
  return (
    <section className="panel" aria-label="System check">
      <h2>System check</h2>
      <dl className="kv">
        <dt>Storage worker</dt>
        <dd data-state={health.storage}>
          {health.storage === 'ready' ? `ready — SQLite ${health.sqliteVersion ?? '?'}` : health.storage}
        </dd>
        <dt>Analytics worker</dt>
        <dd data-state={health.analytics}>{health.analytics}</dd>
      </dl>
      {health.message && (
        <p className="error" role="alert">
          {health.message}
        </p>
      )}
    </section>
  );
}
