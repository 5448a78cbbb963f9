import { randomBytes } from 'node:crypto';
import type { Container } from 'inversify';
import type { LabManagerSettings } from '../../application/settings';
import { CML_LABS_PROVIDER } from '../../domain/services/cml-labs';
import { SECRET_BOX } from '../../domain/services/secret-box';
import { TOPOLOGY_INSPECTOR } from '../../domain/services/topology-inspector';
import { AesGcmSecretBox } from './aes-gcm-secret-box';
import { CmlClientPool } from './cml-client-pool';
import { CmlTopologyInspector } from './cml-topology-inspector';

/**
 * Binds the CML, topology and credential-sealing adapters: service.ts and the test harness bind the same
 * ones (each with its own lab work queue).
 */
export function bindLabAdapters(container: Container, settings: LabManagerSettings): void {
  container
    .bind(SECRET_BOX)
    .toConstantValue(
      new AesGcmSecretBox(
        settings.LAB_CREDENTIALS_KEY ?? randomBytes(32),
        settings.LAB_CREDENTIALS_PREVIOUS_KEY,
      ),
    );
  container.bind(TOPOLOGY_INSPECTOR).toConstantValue(new CmlTopologyInspector());
  container.bind(CML_LABS_PROVIDER).toConstantValue(
    new CmlClientPool({
      username: settings.CML_USERNAME,
      password: settings.CML_PASSWORD,
      verifyTls: settings.CML_VERIFY_TLS,
      timeoutMs: settings.CML_TIMEOUT_MS,
    }),
  );
}
