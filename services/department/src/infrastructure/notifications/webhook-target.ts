import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { InvalidError } from '@chuishao/kernel';

/**
 * Where a department's webhook may point: outside, never inside the deployment's own network.
 * Checked when the URL is set and again at connect time, after DNS resolution, so a name that
 * resolves to an inside address later (DNS rebinding) still reaches nothing.
 */
export interface WebhookTargetPolicy {
  /** CHUISHAO_DEV=1: http allowed, and loopback (tests and the demo receive on 127.0.0.1). */
  development: boolean;
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

const INSIDE = new BlockList();
INSIDE.addSubnet('127.0.0.0', 8, 'ipv4'); // loopback
INSIDE.addSubnet('0.0.0.0', 8, 'ipv4'); // unspecified, "this network"
INSIDE.addSubnet('10.0.0.0', 8, 'ipv4'); // private
INSIDE.addSubnet('172.16.0.0', 12, 'ipv4'); // private
INSIDE.addSubnet('192.168.0.0', 16, 'ipv4'); // private
INSIDE.addSubnet('169.254.0.0', 16, 'ipv4'); // link-local, 169.254.169.254 the cloud metadata service
// Shared address space (carrier NAT), inside many clouds: Alibaba Cloud's metadata service is
// 100.100.100.200, and its internal DNS and load balancers sit in 100.64.0.0/10 too.
INSIDE.addSubnet('100.64.0.0', 10, 'ipv4');
INSIDE.addSubnet('192.0.0.0', 24, 'ipv4'); // IETF protocol assignments
INSIDE.addSubnet('198.18.0.0', 15, 'ipv4'); // network benchmarking, used inside some networks
INSIDE.addSubnet('224.0.0.0', 4, 'ipv4'); // multicast
INSIDE.addSubnet('240.0.0.0', 4, 'ipv4'); // reserved, and 255.255.255.255 broadcast
INSIDE.addAddress('::1', 'ipv6'); // loopback
INSIDE.addAddress('::', 'ipv6'); // unspecified
INSIDE.addSubnet('fc00::', 7, 'ipv6'); // unique-local
INSIDE.addSubnet('fe80::', 10, 'ipv6'); // link-local
INSIDE.addSubnet('ff00::', 8, 'ipv6'); // multicast
// Forms that carry an IPv4 address inside, which a gateway would unwrap to reach it: NAT64,
// 6to4 and Teredo. Refused whole, like IPv4-mapped addresses below.
INSIDE.addSubnet('64:ff9b::', 96, 'ipv6');
INSIDE.addSubnet('64:ff9b:1::', 48, 'ipv6');
INSIDE.addSubnet('2002::', 16, 'ipv6');
INSIDE.addSubnet('2001::', 32, 'ipv6');

// Checked for IPv6 addresses only: BlockList matches plain IPv4 addresses against this range too.
const IPV4_MAPPED = new BlockList();
IPV4_MAPPED.addSubnet('::ffff:0:0', 96, 'ipv6');

/** Whether an IP address (v4 or v6) may receive a webhook under the policy. */
export function addressAllowed(address: string, policy: WebhookTargetPolicy): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  // IPv4-mapped IPv6 (::ffff:a.b.c.d): refused whole rather than unwrapped.
  if (family === 6 && IPV4_MAPPED.check(address, 'ipv6')) return false;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (policy.development && LOOPBACK.check(address, type)) return true;
  return !INSIDE.check(address, type);
}

const refused = (message: string) => new InvalidError('WEBHOOK_URL_NOT_ALLOWED', message, 'url');

/** The check when the URL is set (400 naming `url`) and before each delivery. */
export function assertWebhookTarget(raw: string, policy: WebhookTargetPolicy): void {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refused('url is not a URL');
  }
  const allowed = policy.development ? ['https:', 'http:'] : ['https:'];
  if (!allowed.includes(url.protocol))
    throw refused(policy.development ? 'url must be http or https' : 'url must be https');
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (isIP(host)) {
    if (!addressAllowed(host, policy)) throw refused('url points at an inside address');
    return;
  }
  const loopbackName = host === 'localhost' || host.endsWith('.localhost');
  if (loopbackName && !policy.development) throw refused('url points at an inside address');
}

/** Raised by the guarded lookup: the name resolved to an inside address. */
export const ADDRESS_REFUSED = 'EWEBHOOKADDRESS';

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for the http(s) agent: resolves every address of the name and refuses the connection
 * when any of them is inside, so what DNS answers at connect time is what is checked.
 */
export function guardedLookup(policy: WebhookTargetPolicy) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      if (addresses.length === 0 || addresses.some((a) => !addressAllowed(a.address, policy))) {
        const refusal: NodeJS.ErrnoException = new Error(`${hostname} resolves to an inside address`);
        refusal.code = ADDRESS_REFUSED;
        return callback(refusal, []);
      }
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}
