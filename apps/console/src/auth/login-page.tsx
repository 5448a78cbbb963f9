import { Alert, Button, Card, Center, Group, Radio, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { ApiError } from '../client/api-error';
import { useAuth } from './auth-context';

const ROLES = [
  { value: 'admin', label: 'admin', hint: 'the whole fleet, every session and event' },
  { value: 'manager', label: 'manager', hint: 'definitions and lab records, own sessions' },
  { value: 'user', label: 'user', hint: 'own sessions only' },
];

/** Embedded mode: a role picker backed by the dev issuer. Production: the OIDC issuer's login page. */
export function LoginPage() {
  const auth = useAuth();
  const [role, setRole] = useState('admin');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const login = async () => {
    setBusy(true);
    setError(undefined);
    try {
      if (auth.config.login === 'oidc') await auth.loginWithIssuer();
      else await auth.loginAs(role, name.trim() || undefined);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.detail : String(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Center mih="100vh" p="md">
      <Card withBorder shadow="sm" w={420} maw="100%">
        <Stack>
          <Title order={2}>Lablet Cloud Manager</Title>
          {auth.config.login === 'oidc' ? (
            <Text size="sm">Log in with your organisation's account.</Text>
          ) : (
            <>
              <Text size="sm" c="dimmed">
                Embedded mode: pick a role; the built-in dev issuer signs your token.
              </Text>
              <Radio.Group value={role} onChange={setRole} label="Role">
                <Stack gap="xs" mt="xs">
                  {ROLES.map((option) => (
                    <Radio
                      key={option.value}
                      value={option.value}
                      label={`${option.label} — ${option.hint}`}
                    />
                  ))}
                </Stack>
              </Radio.Group>
              <TextInput
                label="User name (optional)"
                placeholder={`dev-${role}`}
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
              />
            </>
          )}
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button onClick={() => void login()} loading={busy}>
              Log in
            </Button>
          </Group>
        </Stack>
      </Card>
    </Center>
  );
}
