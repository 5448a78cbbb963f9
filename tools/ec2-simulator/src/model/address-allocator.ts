/** The three documentation ranges (RFC 5737): well-formed public addresses that never route anywhere. */
const PUBLIC_PREFIXES = ['203.0.113', '198.51.100', '192.0.2'];

/**
 * Hands out fake addresses and DNS names. Private addresses come from 10.0.0.0/8 and are kept for the
 * instance's life; public ones are handed out again on each start, as AWS does without an Elastic IP,
 * cycling through the documentation ranges.
 */
export class AddressAllocator {
  private privateHosts = 0;
  private publicHosts = 0;

  constructor(private readonly region: string) {}

  /** The next private address, skipping .0 and .255 so every address looks like a usable host. */
  nextPrivateIp(): string {
    let host: number;
    do host = ++this.privateHosts;
    while ((host & 255) === 0 || (host & 255) === 255);
    return `10.${(host >> 16) & 255}.${(host >> 8) & 255}.${host & 255}`;
  }

  /** The next public address. */
  nextPublicIp(): string {
    const index = this.publicHosts++ % (PUBLIC_PREFIXES.length * 254);
    return `${PUBLIC_PREFIXES[Math.floor(index / 254)]}.${(index % 254) + 1}`;
  }

  /** EC2's private DNS name for an address, e.g. `ip-10-0-0-7.ec2.internal`. */
  privateDnsName(ip: string): string {
    const domain = this.region === 'us-east-1' ? 'ec2.internal' : `${this.region}.compute.internal`;
    return `ip-${ip.replaceAll('.', '-')}.${domain}`;
  }

  /** EC2's public DNS name for an address, e.g. `ec2-203-0-113-7.compute-1.amazonaws.com`. */
  publicDnsName(ip: string): string {
    const domain =
      this.region === 'us-east-1' ? 'compute-1.amazonaws.com' : `${this.region}.compute.amazonaws.com`;
    return `ec2-${ip.replaceAll('.', '-')}.${domain}`;
  }

  /** Starts again from the first addresses, for a simulator reset. */
  reset(): void {
    this.privateHosts = 0;
    this.publicHosts = 0;
  }
}
