// Amazon ECR registry hosts: `<account>.dkr.ecr.<region>.amazonaws.com`.
const ECR_HOST = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;

/** The region of an ECR registry host, e.g. `123456789012.dkr.ecr.eu-west-1.amazonaws.com` → eu-west-1. */
export function ecrRegion(registry: string): string | undefined {
  return ECR_HOST.exec(registry)?.[2];
}
