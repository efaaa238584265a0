import { Link } from 'wouter';

/** A placeholder until the metrics branch brings GET /metrics/delivery (the four DORA keys, PR stages, review SLA). */
export default function MetricsPage() {
  return (
    <div className="page">
      <h1>Metrics</h1>
      <p className="empty">
        Delivery metrics (deployment frequency, lead time, change failure rate, recovery time, PR stages and review SLA) are not served by this build yet: they come with the
        delivery-events API (<code>GET /api/v1/metrics/delivery</code>).
      </p>
      <p className="muted small">
        Meanwhile the <Link href="/">control center</Link> shows what is blocked and stale, and the <Link href="/decisions">decision log</Link> what was decided.
      </p>
    </div>
  );
}
