/**
 * The tag that carries a running instance's CML simulator endpoint (see the README). A tag, because the
 * worker-manager already reads tags from DescribeInstances and no real instance ever carries it.
 */
export const SIM_ENDPOINT_TAG = 'lcm:sim-endpoint';
