import { AppShell, Badge, Button, Group, Loader, Tabs, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useAuth } from './auth/auth-context';
import { LoginPage } from './auth/login-page';
import { DefinitionsPage } from './definitions/definitions-page';
import { EventsPage } from './events/events-page';
import { FleetPage } from './fleet/fleet-page';
import { LiveEventsProvider, useLiveEvents } from './live/live-events';
import { SessionsPage } from './sessions/sessions-page';

const PAGES = ['fleet', 'sessions', 'definitions', 'events'] as const;
type Page = (typeof PAGES)[number];
const TITLES: Record<Page, string> = {
  fleet: 'Fleet',
  sessions: 'Sessions',
  definitions: 'Definitions',
  events: 'Events',
};

const pageOf = (hash: string): Page =>
  (PAGES as readonly string[]).includes(hash.slice(1)) ? (hash.slice(1) as Page) : 'fleet';

/** The console: the login, or the four pages under one header with the live stream's state. */
export function App() {
  const auth = useAuth();
  if (!auth.ready) return <Loader m="xl" />;
  if (!auth.person) return <LoginPage />;
  return (
    <LiveEventsProvider person={auth.person}>
      <Shell />
    </LiveEventsProvider>
  );
}

function Shell() {
  const auth = useAuth();
  const { connected } = useLiveEvents();
  const [page, setPage] = useState<Page>(pageOf(window.location.hash));
  const live = Object.values(connected).some(Boolean);
  const go = (next: string | null) => {
    const target = pageOf(`#${next ?? ''}`);
    window.location.hash = target;
    setPage(target);
  };
  return (
    <AppShell header={{ height: 56 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <Title order={4}>LCM</Title>
            <Badge color={live ? 'teal' : 'gray'} variant="dot" data-testid="live-indicator">
              {live ? 'live' : 'offline'}
            </Badge>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Text size="sm" truncate maw={160} data-testid="who">
              {auth.person?.sub} ({auth.person?.roles.join(', ')})
            </Text>
            <Button size="xs" variant="default" onClick={auth.logout}>
              Log out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        <Tabs value={page} onChange={go} keepMounted={false}>
          <Tabs.List mb="md" style={{ flexWrap: 'nowrap', overflowX: 'auto' }}>
            {PAGES.map((name) => (
              <Tabs.Tab key={name} value={name}>
                {TITLES[name]}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          <Tabs.Panel value="fleet">
            <FleetPage />
          </Tabs.Panel>
          <Tabs.Panel value="sessions">
            <SessionsPage />
          </Tabs.Panel>
          <Tabs.Panel value="definitions">
            <DefinitionsPage />
          </Tabs.Panel>
          <Tabs.Panel value="events">
            <EventsPage />
          </Tabs.Panel>
        </Tabs>
      </AppShell.Main>
    </AppShell>
  );
}
