import { randomUUID } from 'node:crypto';
import type { CmlLicensingStatus } from '@lcm/cml-client';
import { CmlHttpError } from './cml-http-error';

/** Where the simulated Smart Licensing registration stands. */
export type RegistrationStatus = 'UNREGISTERED' | 'IN_PROGRESS' | 'REGISTERED' | 'FAILED';

/** How a deregistration request was answered: 202/204 deregistered, 400 nothing to deregister. */
export type DeregistrationAnswer = 202 | 204 | 400;

const SSMS = 'https://smartreceiver.cisco.com/licservice/license';

/**
 * The controller's Smart Licensing agent. A registration is accepted at once and completes after a delay
 * (REGISTERED, or FAILED for tokens starting with `invalid`); deregistration answers 202 by default, as CML
 * does when it cannot reach the SSMS, and 400 when nothing is registered.
 */
export class LicensingState {
  private status: RegistrationStatus;
  private requestedAt?: number;
  private registeredAt?: number;
  private token = '';
  private readonly productUuid = randomUUID();

  constructor(
    private readonly now: () => number,
    private readonly registrationDelayMs: number,
    private readonly deregistrationStatus: 202 | 204,
    private readonly enterprise: boolean,
    private readonly initiallyRegistered: boolean,
  ) {
    this.status = 'UNREGISTERED';
    this.reset();
  }

  register(token: string, reregister: boolean): void {
    const status = this.current();
    if (status === 'IN_PROGRESS') throw new CmlHttpError(409, 'A registration is already in progress');
    if (status === 'REGISTERED' && !reregister) {
      throw new CmlHttpError(409, 'The product is already registered; ask for reregistration instead');
    }
    this.token = token;
    this.status = 'IN_PROGRESS';
    this.requestedAt = this.now();
  }

  renew(): void {
    if (this.current() !== 'REGISTERED') throw new CmlHttpError(409, 'The product is not registered');
    this.registeredAt = this.now();
  }

  deregister(): DeregistrationAnswer {
    const status = this.current();
    if (status === 'IN_PROGRESS') throw new CmlHttpError(409, 'A registration is in progress');
    if (status !== 'REGISTERED') return 400;
    this.status = 'UNREGISTERED';
    this.registeredAt = undefined;
    return this.deregistrationStatus;
  }

  /** The registration status now, completing a pending registration whose delay has passed. */
  current(): RegistrationStatus {
    if (this.status === 'IN_PROGRESS' && this.now() - (this.requestedAt ?? 0) >= this.registrationDelayMs) {
      this.status = this.token.toLowerCase().startsWith('invalid') ? 'FAILED' : 'REGISTERED';
      this.registeredAt = this.status === 'REGISTERED' ? this.now() : undefined;
    }
    return this.status;
  }

  /** Back to the licence state the simulator started with. */
  reset(): void {
    this.status = this.initiallyRegistered ? 'REGISTERED' : 'UNREGISTERED';
    this.registeredAt = this.initiallyRegistered ? this.now() : undefined;
    this.requestedAt = undefined;
  }

  toResponse(nodesInUse: number): CmlLicensingStatus {
    const status = this.current();
    const registered = status === 'REGISTERED';
    const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
    const expires = registered ? iso((this.registeredAt ?? 0) + 365 * 24 * 3600 * 1000) : null;
    const timeInfo = {
      succeeded: registered ? iso(this.registeredAt) : null,
      attempted: iso(this.requestedAt ?? this.registeredAt),
      scheduled: null,
      status: status === 'FAILED' ? 'FAILED' : registered ? 'SUCCEEDED' : null,
      failure: status === 'FAILED' ? 'The registration token was rejected by the SSMS' : null,
      success: registered ? 'SUCCEEDED' : null,
    };
    const authorization = registered ? 'IN_COMPLIANCE' : 'EVAL';
    return {
      udi: { hostname: 'cml-simulator', product_uuid: this.productUuid },
      registration: {
        status,
        smart_account: registered ? 'LCM Simulated Account' : null,
        virtual_account: registered ? 'Default' : null,
        register_time: timeInfo,
        renew_time: timeInfo,
        expires,
      },
      authorization: { status: authorization, renew_time: timeInfo, expires },
      reservation_mode: false,
      features: [
        {
          id: 'regid.2019-10.com.cisco.CML_NODE_COUNT,1.0_b8eb3a5c',
          name: 'CML - Expansion Nodes',
          description: 'Cisco Modeling Labs node count',
          version: '1.0',
          in_use: nodesInUse,
          status: authorization,
          min: 0,
          max: this.enterprise ? 500 : 20,
          minEndDate: null,
          maxEndDate: null,
        },
      ],
      product_license: {
        active: this.enterprise ? 'CML_Enterprise' : 'CML_Personal',
        is_enterprise: this.enterprise,
      },
      transport: { proxy: { server: null, port: null }, ssms: SSMS, default_ssms: SSMS },
    };
  }
}
