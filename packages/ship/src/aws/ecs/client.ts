// The context's one ECS client, and ECS's lower-case tag shape.
import { ECSClient } from '@aws-sdk/client-ecs';
import { type AwsContext, serviceClient, type Tags } from '../aws-context.js';

export const ecs = (context: AwsContext): ECSClient => serviceClient(context, ECSClient);

export const ecsTagList = (tags: Tags) => Object.entries(tags).map(([key, value]) => ({ key, value }));

export const ecsTagMap = (
  list: { key?: string | undefined; value?: string | undefined }[] | undefined,
): Tags => Object.fromEntries((list ?? []).map((t) => [t.key ?? '', t.value ?? '']));
