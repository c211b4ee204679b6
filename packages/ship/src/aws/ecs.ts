// Amazon ECS: every call ship makes to it, one file per resource under ecs/.
// Takes and returns ship's own types (TaskDefinition, ServiceState …), never SDK ones.
export * from './ecs/clusters.js';
export * from './ecs/deployments.js';
export * from './ecs/express.js';
export * from './ecs/services.js';
export * from './ecs/task-definitions.js';
export * from './ecs/tasks.js';
