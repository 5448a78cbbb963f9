import { useMemo, useRef } from 'react';
import { useAuth } from '../auth/auth-context';
import { ApiClient } from './api-client';

/** The REST client with the logged-in person's token; a 401 (expired token) logs them out. */
export function useApi(): ApiClient {
  const auth = useAuth();
  const token = useRef(auth.person?.token);
  token.current = auth.person?.token;
  const logout = useRef(auth.logout);
  logout.current = auth.logout;
  return useMemo(
    () =>
      new ApiClient(
        () => token.current,
        () => logout.current(),
      ),
    [],
  );
}
