import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { grantableRoles as grantableByRole, type Role } from '../../domain/roles';
import { ApiError, api, setCsrfToken, setUnauthenticatedHandler } from '../api/client';
import type { CurrentUser } from '../api/types';

type AuthState = {
  /** undefined while the first /api/auth/me is in flight; null when nobody is signed in. */
  user: CurrentUser | null | undefined;
  login: (username: string, password: string) => Promise<CurrentUser>;
  logout: () => Promise<void>;
  refresh: () => Promise<void>;
};

const AuthContext = createContext<AuthState | null>(null);

/** Fills in what an older server may leave out, so pages can rely on the full shape. */
function normalise(user: CurrentUser): CurrentUser {
  return { ...user, grantableRoles: user.grantableRoles ?? [...grantableByRole[user.role]] };
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<CurrentUser | null | undefined>(undefined);

  const accept = useCallback((u: CurrentUser | null) => {
    setCsrfToken(u?.csrfToken ?? '');
    setUser(u ? normalise(u) : null);
  }, []);

  const refresh = useCallback(async () => {
    try {
      accept(await api.get<CurrentUser>('/api/auth/me'));
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) accept(null);
      else throw err;
    }
  }, [accept]);

  useEffect(() => {
    // A session that ends mid-use (expired, password changed elsewhere) returns to the login page.
    setUnauthenticatedHandler(() => accept(null));
    refresh().catch(() => accept(null));
  }, [accept, refresh]);

  const login = useCallback(
    async (username: string, password: string) => {
      const res = await api.post<{ user: CurrentUser; csrfToken: string }>('/api/auth/login', { username, password });
      const u = normalise({ ...res.user, csrfToken: res.csrfToken ?? res.user.csrfToken });
      accept(u);
      return u;
    },
    [accept],
  );

  const logout = useCallback(async () => {
    try {
      await api.post('/api/auth/logout');
    } finally {
      accept(null);
    }
  }, [accept]);

  const value = useMemo(() => ({ user, login, logout, refresh }), [user, login, logout, refresh]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/** The signed-in user; only for pages rendered inside the authenticated layout. */
export function useCurrentUser(): CurrentUser {
  const { user } = useAuth();
  if (!user) throw new Error('useCurrentUser without a signed-in user');
  return user;
}

export const isDistrictAdmin = (user: CurrentUser): boolean => user.role === 'district_admin';
export const canManageUsers = (user: CurrentUser): boolean => (user.grantableRoles ?? []).length > 0;
export type { Role };
