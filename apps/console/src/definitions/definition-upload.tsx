import { Alert, Button, FileInput, Group, List, Stack, Textarea } from '@mantine/core';
import { useState } from 'react';
import { ApiError, type FieldError } from '../client/api-error';
import { useApi } from '../client/use-api';
import { parseDefinitionYaml } from './parse-definition-yaml';

/** Creates a definition version from a YAML file (or pasted text), showing lab-manager's refusals inline. */
export function DefinitionUpload({ onCreated }: { onCreated: () => void }) {
  const api = useApi();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<{ detail: string; errors: readonly FieldError[] } | undefined>();
  const [created, setCreated] = useState<string | undefined>();

  const submit = async () => {
    setCreated(undefined);
    const parsed = parseDefinitionYaml(text);
    if ('error' in parsed) return setProblem({ detail: parsed.error, errors: [] });
    try {
      const definition = await api.post<{ name: string; version: string }>(
        'lab-manager',
        '/lablet-definitions',
        parsed.body,
      );
      setProblem(undefined);
      setCreated(`${definition.name} ${definition.version} created`);
      setText('');
      onCreated();
    } catch (error) {
      setProblem(
        error instanceof ApiError
          ? { detail: error.detail, errors: error.errors }
          : { detail: String(error), errors: [] },
      );
    }
  };

  return (
    <Stack gap="xs">
      <FileInput
        label="Definition YAML file"
        placeholder="choose a .yaml file"
        accept=".yaml,.yml,text/yaml"
        onChange={(file) => void file?.text().then(setText)}
        clearable
      />
      <Textarea
        label="or paste it"
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        autosize
        minRows={4}
        maxRows={14}
        styles={{ input: { fontFamily: 'monospace' } }}
      />
      {problem && (
        <Alert color="red" title={problem.detail} role="alert">
          {problem.errors.length > 0 && (
            <List size="sm">
              {problem.errors.map((error) => (
                <List.Item key={`${error.path}-${error.message}`}>
                  <code>{error.path || '(body)'}</code>: {error.message}
                </List.Item>
              ))}
            </List>
          )}
        </Alert>
      )}
      {created && <Alert color="teal">{created}</Alert>}
      <Group>
        <Button onClick={() => void submit()} disabled={!text.trim()}>
          Create version
        </Button>
      </Group>
    </Stack>
  );
}
