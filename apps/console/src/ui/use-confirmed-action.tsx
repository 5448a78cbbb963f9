import { Alert, Button, Group, Modal, Text } from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { ApiError } from '../client/api-error';

interface Pending {
  readonly question: string;
  readonly run: () => Promise<unknown>;
}

/** An action that asks first and shows the service's refusal (its problem+json detail) when there is one. */
export interface ConfirmedAction {
  ask(question: string, run: () => Promise<unknown>): void;
  /** Runs at once (no question), showing a refusal the same way. */
  now(run: () => Promise<unknown>): Promise<void>;
  readonly element: ReactNode;
}

export function useConfirmedAction(onDone?: () => void): ConfirmedAction {
  const [pending, setPending] = useState<Pending | undefined>();
  const [refusal, setRefusal] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const now = async (run: () => Promise<unknown>) => {
    setRefusal(undefined);
    try {
      await run();
      onDone?.();
    } catch (error) {
      setRefusal(error instanceof ApiError ? error.detail : String(error));
    }
  };
  const confirm = async () => {
    if (!pending) return;
    setBusy(true);
    await now(pending.run);
    setBusy(false);
    setPending(undefined);
  };

  const element = (
    <>
      <Modal
        opened={pending !== undefined}
        onClose={() => setPending(undefined)}
        title="Please confirm"
        centered
      >
        <Text mb="md">{pending?.question}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setPending(undefined)}>
            Cancel
          </Button>
          <Button onClick={() => void confirm()} loading={busy}>
            Confirm
          </Button>
        </Group>
      </Modal>
      {refusal && (
        <Alert
          color="red"
          title="Refused"
          withCloseButton
          onClose={() => setRefusal(undefined)}
          role="alert"
          mb="md"
        >
          {refusal}
        </Alert>
      )}
    </>
  );
  return { ask: (question, run) => setPending({ question, run }), now, element };
}
