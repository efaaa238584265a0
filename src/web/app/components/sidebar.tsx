import { Link, useLocation } from 'wouter';
import type { DatabaseSummary } from '../api/types.ts';
import { useResource } from '../api/use-resource.ts';
import { groupByModule } from '../lib/module-of.ts';
import { useSession } from '../session.tsx';
import { ErrorView } from './error-view.tsx';
import { Loading } from './loading.tsx';

export function Sidebar() {
  const [location] = useLocation();
  const { state } = useSession();
  // The Admin section shows to admins only: the server answers 403 to anyone else anyway.
  const isAdmin = state.status === 'signed-in' && (state.user.roles ?? [state.user.role]).includes('admin');
  const { data, error } = useResource<{ databases: DatabaseSummary[] }>('/databases');
  const nav = (href: string, label: string) => (
    <Link href={href} className={location === href ? 'nav-item active' : 'nav-item'} aria-current={location === href ? 'page' : undefined}>
      {label}
    </Link>
  );
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        eos
      </div>
      {nav('/', 'Control center')}
      {nav('/my-work', 'My work')}
      {nav('/delivery', 'Metrics')}
      {nav('/decisions', 'Decisions')}
      {nav('/alerts', 'Alerts')}
      {nav('/import', 'Import')}
      {isAdmin && (
        <>
          <div className="nav-heading">Admin</div>
          {nav('/admin/users', 'Users')}
          {nav('/admin/tokens', 'API tokens')}
          {nav('/admin/channels', 'Alert channels')}
        </>
      )}
      <div className="nav-heading">Databases</div>
      {error && <ErrorView error={error} />}
      {!data && !error && <Loading label="Loading databases" lines={6} />}
      {data &&
        groupByModule(data.databases).map((group) => (
          <details key={group.module} className="nav-group" open>
            <summary>{group.module}</summary>
            {group.databases.map((db) => {
              const href = `/databases/${encodeURIComponent(db.id)}`;
              const active = location === href || location.startsWith(`${href}/`);
              return (
                <Link key={db.id} href={href} className={active ? 'nav-item nav-db active' : 'nav-item nav-db'} aria-current={active ? 'page' : undefined}>
                  <span>{db.name}</span>
                  {db.count !== undefined && <span className="count">{db.count}</span>}
                </Link>
              );
            })}
          </details>
        ))}
    </nav>
  );
}
