import { lazy, Suspense } from 'react';
import { Redirect, Route, Switch } from 'wouter';
import { AppShell } from './components/app-shell.tsx';
import { Loading } from './components/loading.tsx';
import { ChangePasswordPage } from './pages/change-password-page.tsx';
import { ControlCenterPage } from './pages/control-center-page.tsx';
import { LoginPage } from './pages/login-page.tsx';
import { SessionProvider, useSession } from './session.tsx';

// The control center is the landing page and ships in the first chunk; every other page loads on demand.
const DatabasePage = lazy(() => import('./pages/database-page.tsx'));
const RecordPage = lazy(() => import('./pages/record-page.tsx'));
const NewRecordPage = lazy(() => import('./pages/new-record-page.tsx'));
const DecisionsPage = lazy(() => import('./pages/decisions-page.tsx'));
const MetricsPage = lazy(() => import('./pages/metrics-page.tsx'));
const PullRequestPage = lazy(() => import('./pages/pull-request-page.tsx'));
const ImportPage = lazy(() => import('./pages/import-page.tsx'));
const AlertsPage = lazy(() => import('./pages/alerts-page.tsx'));
const MyWorkPage = lazy(() => import('./pages/my-work-page.tsx'));
const UsersPage = lazy(() => import('./pages/users-page.tsx'));
const TokensPage = lazy(() => import('./pages/tokens-page.tsx'));
const ChannelsPage = lazy(() => import('./pages/channels-page.tsx'));

export function App() {
  return (
    <SessionProvider>
      <Gate />
    </SessionProvider>
  );
}

/** The frame index.html paints before the script runs, kept while GET /auth/me answers, so nothing flashes. */
function BootFrame() {
  return (
    <div className="shell boot" aria-busy="true">
      <nav className="sidebar" aria-label="Main">
        <div className="brand">
          <span className="brand-mark" />
          eos
        </div>
      </nav>
      <div className="shell-main">
        <header className="topbar" />
        <main className="content">
          <p className="muted">Loading eos…</p>
        </main>
      </div>
    </div>
  );
}

function Gate() {
  const { state } = useSession();
  if (state.status === 'checking') return <BootFrame />;
  if (state.status === 'anonymous') return <LoginPage error={state.error} />;
  if (state.mustChangePassword) return <ChangePasswordPage user={state.user} />;
  return (
    <AppShell user={state.user}>
      <Suspense fallback={<Loading label="Loading page" />}>
        <Switch>
          <Route path="/" component={ControlCenterPage} />
          <Route path="/databases/:id/new">{(params) => <NewRecordPage database={decodeURIComponent(params.id)} />}</Route>
          <Route path="/databases/:id">{(params) => <DatabasePage key={params.id} database={decodeURIComponent(params.id)} />}</Route>
          <Route path="/records/:key">{(params) => <RecordPage key={params.key} recordKey={decodeURIComponent(params.key)} />}</Route>
          <Route path="/decisions" component={DecisionsPage} />
          {/* The page lives at /delivery: GET /metrics is the Prometheus scrape endpoint (ADR 074). */}
          <Route path="/delivery" component={MetricsPage} />
          <Route path="/metrics">
            <Redirect to="/delivery" replace />
          </Route>
          <Route path="/import" component={ImportPage} />
          <Route path="/alerts" component={AlertsPage} />
          <Route path="/my-work" component={MyWorkPage} />
          <Route path="/admin/users" component={UsersPage} />
          <Route path="/admin/tokens" component={TokensPage} />
          <Route path="/admin/channels" component={ChannelsPage} />
          <Route path="/pull-requests/:id">{(params) => <PullRequestPage key={params.id} prId={decodeURIComponent(params.id)} />}</Route>
          <Route>
            <div className="page">
              <h1>Not found</h1>
              <p className="muted">No page at this address. The sidebar lists everything there is.</p>
            </div>
          </Route>
        </Switch>
      </Suspense>
    </AppShell>
  );
}
