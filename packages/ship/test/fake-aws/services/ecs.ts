// ECS (awsJson1_1, target AmazonEC2ContainerServiceV20141113): clusters,
// services and tasks. How deployments progress lives in ../deployment.ts.
import { primaryOf, scaleService, startDeployment, tickService } from '../deployment.js';
import { ecsTags, ecsTagsFrom, serviceView, taskView } from '../ecs-views.js';
import { AwsError } from '../errors.js';
import type { Params } from '../params.js';
import { imageExists, type RegistryAccess } from '../registry-images.js';
import type { ServiceDefinition } from '../server.js';
import {
  type FakeState,
  mergeTags,
  removeTags,
  type Service,
  type Tag,
  type TaskDefinition,
} from '../state.js';
import { containersOf, findTaskDefinition, serviceTasks, stopTask } from '../task-lifecycle.js';
import { clusterHandlers, findCluster, nameOf } from './ecs-clusters.js';
import { serviceDeploymentHandlers } from './ecs-service-deployments.js';
import { page, resolveTaskDefinition, taskDefinitionHandlers } from './ecs-task-definitions.js';

const invalid = (message: string) => new AwsError('InvalidParameterException', message);

/** `registry`: when given, images on its host must exist there or tasks fail with CannotPullContainerError. */
export function ecsService(state: FakeState, registry?: RegistryAccess): ServiceDefinition {
  async function checkPulls(taskDefinitionArn: string): Promise<void> {
    const definition = findTaskDefinition(state, taskDefinitionArn);
    if (!registry || !definition) return;
    for (const { image } of containersOf(definition)) {
      if (!image || state.pullable.get(image) === true) continue;
      const exists = await imageExists(registry, image);
      if (exists !== undefined) state.pullable.set(image, exists);
    }
  }

  const cluster = (p: Params, forRead = false) => findCluster(state, p, forRead);

  function serviceArn(clusterName: string, name: string): string {
    return state.arn('ecs', `service/${clusterName}/${name}`);
  }

  function service(p: Params, key = 'service'): Service {
    const c = cluster(p);
    const found = state.ecs.services.get(serviceArn(c.name, nameOf(p.str(key))));
    if (!found) throw new AwsError('ServiceNotFoundException', 'Service not found.');
    return found;
  }

  function activeService(p: Params): Service {
    const found = service(p);
    if (found.status !== 'ACTIVE') throw new AwsError('ServiceNotActiveException', 'Service was not ACTIVE.');
    return found;
  }

  function checkNetwork(network: Params | undefined): void {
    const vpc = network?.optObj('awsvpcConfiguration');
    if (!vpc) throw invalid("Network Configuration must be provided when networkMode 'awsvpc' is specified.");
    // [limit-security-groups-per-eni] a task's ENI takes at most 5 security groups (and 16 subnets).
    if (vpc.strs('securityGroups').length > 5)
      throw invalid('Security groups: there is a limit of 5 security groups that can be specified.');
    if (vpc.strs('subnets').length > 16)
      throw invalid('Subnets: there is a limit of 16 subnets that can be specified.');
    for (const subnet of vpc.strs('subnets')) {
      if (!state.ec2.subnets.some((s) => s.id === subnet))
        throw invalid(
          `Error retrieving subnet information for [${subnet}]: The subnet ID '${subnet}' does not exist`,
        );
    }
    for (const group of vpc.strs('securityGroups')) {
      if (!state.ec2.securityGroups.has(group))
        throw invalid(
          `Error retrieving security group information for [${group}]: The security group '${group}' does not exist`,
        );
    }
  }

  function checkLoadBalancers(p: Params, definition: TaskDefinition): void {
    const containers = containersOf(definition);
    for (const lb of p.list('loadBalancers')) {
      const name = lb.str('containerName');
      const port = lb.num('containerPort');
      const container = containers.find((c) => c.name === name);
      if (!container) throw invalid(`The container ${name} does not exist in the task definition.`);
      if (!container.portMappings?.some((m) => m.containerPort === port)) {
        throw invalid(`The container ${name} did not have a container port ${port} defined.`);
      }
      const arn = lb.str('targetGroupArn');
      if (!state.elbv2.targetGroups.has(arn)) throw invalid(`Unable to find target group ${arn}.`);
      const attached = [...state.elbv2.listeners.values(), ...state.elbv2.rules.values()].some((l) =>
        ('defaultActions' in l ? l.defaultActions : l.actions).some((a) => a.TargetGroupArn === arn),
      );
      if (!attached) {
        throw invalid(
          `The target group with targetGroupArn ${arn} does not have an associated load balancer.`,
        );
      }
    }
  }

  function findByArn(arn: string): { tags: Tag[] } {
    const resource =
      [...state.ecs.clusters.values()].find((c) => c.arn === arn) ??
      state.ecs.services.get(arn) ??
      state.ecs.tasks.get(arn) ??
      [...state.ecs.taskDefinitions.values()].flat().find((d) => d.arn === arn);
    if (!resource) throw invalid('The specified resource is not found.');
    return resource;
  }

  return {
    name: 'ecs',
    protocol: 'json',
    target: 'AmazonEC2ContainerServiceV20141113',
    invalidCode: 'InvalidParameterException',
    throttleCode: 'ThrottlingException',
    handlers: {
      ...taskDefinitionHandlers(state),
      ...serviceDeploymentHandlers(state),
      ...clusterHandlers(state),
      CreateService: async (p) => {
        const c = cluster(p);
        const name = p.str('serviceName');
        // [limit-names] ECS: up to 255 letters, digits, hyphens and underscores.
        if (!/^[A-Za-z0-9_-]{1,255}$/.test(name)) {
          throw invalid(
            'Service name can have up to 255 characters. Valid characters are letters (uppercase and lowercase), numbers, hyphens, and underscores.',
          );
        }
        const arn = serviceArn(c.name, name);
        const existing = state.ecs.services.get(arn);
        if (existing && existing.status !== 'INACTIVE')
          throw invalid('Creation of service was not idempotent.');
        const definition = resolveTaskDefinition(state, p.str('taskDefinition'));
        if (definition.status !== 'ACTIVE') throw invalid(`TaskDefinition is inactive`);
        if (definition.body['networkMode'] === 'awsvpc') checkNetwork(p.optObj('networkConfiguration'));
        checkLoadBalancers(p, definition);
        if (p.has('healthCheckGracePeriodSeconds') && p.list('loadBalancers').length === 0) {
          throw invalid(
            'Health check grace period is only valid for services configured to use load balancers',
          );
        }
        await checkPulls(definition.arn);
        const launchType = p.optStr('launchType') ?? 'FARGATE';
        const {
          cluster: _c,
          serviceName: _n,
          taskDefinition: _t,
          desiredCount: _d,
          tags: _tags,
          clientToken: _token,
          ...config
        } = p.raw;
        const created: Service = {
          ...state.stamp(),
          arn,
          name,
          clusterArn: c.arn,
          status: 'ACTIVE',
          taskDefinition: definition.arn,
          desiredCount: p.optNum('desiredCount') ?? 1,
          launchType,
          platformVersion: p.optStr('platformVersion') ?? 'LATEST',
          config: {
            ...config,
            deploymentConfiguration: {
              deploymentCircuitBreaker: { enable: false, rollback: false },
              maximumPercent: 200,
              minimumHealthyPercent: 100,
              ...(config['deploymentConfiguration'] as object | undefined),
            },
          },
          tags: ecsTagsFrom(p),
          deployments: [],
          history: [],
          events: [],
          ticks: 0,
        };
        state.ecs.services.set(arn, created);
        startDeployment(state, created, definition.arn);
        return { service: serviceView(state, created, true) };
      },
      UpdateService: async (p) => {
        const s = activeService(p);
        const primary = primaryOf(s);
        const definition = p.has('taskDefinition')
          ? resolveTaskDefinition(state, p.str('taskDefinition'))
          : undefined;
        const target = definition ?? resolveTaskDefinition(state, s.taskDefinition);
        if (p.has('loadBalancers')) checkLoadBalancers(p, target);
        if (p.has('networkConfiguration')) checkNetwork(p.optObj('networkConfiguration'));
        for (const key of [
          'deploymentConfiguration',
          'networkConfiguration',
          'healthCheckGracePeriodSeconds',
          'loadBalancers',
          'enableECSManagedTags',
          'propagateTags',
          'enableExecuteCommand',
        ]) {
          if (p.has(key)) s.config[key] = p.value(key);
        }
        const newDefinition = definition !== undefined && definition.arn !== primary?.taskDefinition;
        const redeploy =
          newDefinition || p.optBool('forceNewDeployment') === true || p.has('networkConfiguration');
        const desired = p.optNum('desiredCount');
        if (desired !== undefined) scaleService(state, s, desired);
        if (redeploy) {
          await checkPulls(definition?.arn ?? s.taskDefinition);
          startDeployment(state, s, definition?.arn ?? s.taskDefinition);
        }
        return { service: serviceView(state, s, false) };
      },
      DescribeServices: (p) => {
        const c = cluster(p, true);
        const withTags = p.strs('include').includes('TAGS');
        const services = [];
        const failures = [];
        for (const reference of p.strs('services')) {
          const arn = serviceArn(c.name, nameOf(reference));
          const found = state.ecs.services.get(arn);
          if (!found || !state.visible(found)) {
            failures.push({ arn, reason: 'MISSING' });
            continue;
          }
          tickService(state, found);
          services.push(serviceView(state, found, withTags));
        }
        return { services, failures };
      },
      ListServices: (p) => {
        const c = cluster(p);
        const arns = [...state.ecs.services.values()]
          .filter((s) => s.clusterArn === c.arn && s.status !== 'INACTIVE' && state.visible(s))
          .map((s) => s.arn);
        return page(arns, p.optNum('maxResults'), p.optStr('nextToken'), 'serviceArns');
      },
      DeleteService: (p) => {
        const s = service(p);
        if (s.status !== 'ACTIVE') throw new AwsError('ServiceNotActiveException', 'Service was not ACTIVE.');
        if (s.desiredCount > 0 && p.optBool('force') !== true) {
          throw invalid('The service cannot be stopped while it is scaled above 0.');
        }
        for (const task of serviceTasks(state, s)) {
          if (task.lastStatus !== 'STOPPED') {
            stopTask(state, task, 'Service deleted', 'ServiceSchedulerInitiated', 0, s.ticks);
          }
        }
        s.desiredCount = 0;
        s.status = 'DRAINING';
        return { service: serviceView(state, s, false) };
      },
      ListTasks: (p) => {
        const c = cluster(p);
        const serviceName = p.optStr('serviceName');
        if (serviceName && !state.ecs.services.has(serviceArn(c.name, nameOf(serviceName)))) {
          throw new AwsError('ServiceNotFoundException', 'Service not found.');
        }
        const desiredStatus = p.optStr('desiredStatus') ?? 'RUNNING';
        const family = p.optStr('family');
        const startedBy = p.optStr('startedBy');
        const arns = [...state.ecs.tasks.values()]
          .filter(
            (t) =>
              t.clusterArn === c.arn &&
              t.desiredStatus === desiredStatus &&
              (!serviceName || t.serviceName === nameOf(serviceName)) &&
              (!family || t.taskDefinitionArn.includes(`task-definition/${family}:`)) &&
              (!startedBy || t.startedBy === startedBy),
          )
          .map((t) => t.arn);
        return page(arns, p.optNum('maxResults'), p.optStr('nextToken'), 'taskArns');
      },
      DescribeTasks: (p) => {
        const c = cluster(p);
        const withTags = p.strs('include').includes('TAGS');
        const tasks = [];
        const failures = [];
        for (const reference of p.strs('tasks')) {
          const id = nameOf(reference);
          const found = [...state.ecs.tasks.values()].find((t) => t.clusterArn === c.arn && t.id === id);
          if (found) tasks.push(taskView(state, found, withTags));
          else failures.push({ arn: reference, reason: 'MISSING' });
        }
        return { tasks, failures };
      },
      StopTask: (p) => {
        const c = cluster(p);
        const id = nameOf(p.str('task'));
        const task = [...state.ecs.tasks.values()].find((t) => t.clusterArn === c.arn && t.id === id);
        if (!task) throw invalid('The referenced task was not found.');
        if (task.lastStatus !== 'STOPPED') {
          stopTask(state, task, p.optStr('reason') ?? 'Task stopped by user', 'UserInitiated', 0);
        }
        return { task: taskView(state, task, false) };
      },
      TagResource: (p) => {
        const resource = findByArn(p.str('resourceArn'));
        resource.tags = mergeTags(resource.tags, ecsTagsFrom(p));
        return {};
      },
      UntagResource: (p) => {
        const resource = findByArn(p.str('resourceArn'));
        resource.tags = removeTags(resource.tags, p.strs('tagKeys'));
        return {};
      },
      ListTagsForResource: (p) => ({ tags: ecsTags(findByArn(p.str('resourceArn')).tags) }),
    },
  };
}
