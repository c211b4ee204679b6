// The part of npm-packlist's API ship uses (its @types package drags in Arborist's and node-fetch's).
declare module 'npm-packlist' {
  interface PackageTree {
    path: string;
    package: Record<string, unknown>;
    isProjectRoot: boolean;
    edgesOut: Map<string, unknown>;
    workspaces?: Map<string, string>;
  }
  export default function packlist(tree: PackageTree, options?: { path?: string }): Promise<string[]>;
}
