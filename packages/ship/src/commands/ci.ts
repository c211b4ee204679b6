// `ship ci <github|role>`: deploys from git push. Subcommands are imported
// lazily, like the top-level commands.
import { defineCommand } from 'citty';

export default defineCommand({
  meta: {
    name: 'ci',
    description: 'Deploy from git push: a GitHub Actions workflow and the IAM role it assumes',
  },
  subCommands: {
    github: () => import('./ci-github.js').then((m) => m.default),
    role: () => import('./ci-role.js').then((m) => m.default),
  },
});
