import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { ApiError, api, onUnauthenticated, setCsrfToken } from './api/client.ts';
import type { Me, User } from './api/types.ts';
import { clearCache } from './api/use-resource.ts';

// mustChangePassword: signed in with a one-time password, which must be changed before anything else (ADR 037).
type SessionState = { status: 'checking' } | { status: 'anonymous'; error?: ApiError } | { status: 'signed-in'; user: User; mustChangePassword: boolean };
type Session = {
  state: SessionState;
  login: (username: string, password: string) => Promise<void>;
  changePassword: (currentPassword: string, newPassword: string) => Promise<void>;
  logout: () => Promise<void>;
};

function signedIn(me: Me): SessionState {
  return me.user ? { status: 'signed-in', user: me.user, mustChangePassword: me.mustChangePassword ?? false } : { status: 'anonymous' };
}

const SessionContext = createContext<Session | null>(null);

/** Who is signed in: GET /auth/me on load, the login, password and logout calls, and a 401 anywhere signs out. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'checking' });

  useEffect(() => {
    api
      .get<Me>('/auth/me')
      .then((me) => {
        setCsrfToken(me.csrfToken);
        setState(signedIn(me));
      })
      .catch((error: unknown) => setState(error instanceof ApiError && error.status !== 401 ? { status: 'anonymous', error } : { status: 'anonymous' }));
    return onUnauthenticated(() => {
      setCsrfToken(null);
      clearCache();
      setState({ status: 'anonymous' });
    });
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const me = await api.post<Me>('/auth/login', { username, password });
    setCsrfToken(me.csrfToken);
    if (me.user) setState(signedIn(me));
  }, []);

  const changePassword = useCallback(async (currentPassword: string, newPassword: string) => {
    const me = await api.post<Me>('/me/password', { currentPassword, newPassword });
    setState(signedIn(me));
  }, []);

  const logout = useCallback(async () => {
    await api.post('/auth/logout', {}).catch((error: unknown) => {
      // Already signed out (the session expired) is what logging out wants anyway.
      if (!(error instanceof ApiError && error.status === 401)) throw error;
    });
    setCsrfToken(null);
    clearCache();
    setState({ status: 'anonymous' });
  }, []);

  return <SessionContext.Provider value={{ state, login, changePassword, logout }}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
