// Elastic Load Balancing v2: every call ship makes to it, one file per resource under elbv2/.
export { elbTags } from './elbv2/client.js';
export * from './elbv2/listeners.js';
export * from './elbv2/load-balancers.js';
export * from './elbv2/target-groups.js';
