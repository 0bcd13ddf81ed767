export { connectorRegistry } from './connectors.js';
export { type AllInOneEnv, allInOneEnvSchema, EXAMPLE_WORKSPACE, loadAllInOneEnv } from './env.js';
export { type MeshOptions, type RunningMesh, startMesh } from './mesh.js';
export { loadWorkspace, overlayFiles } from './workspace.js';
