/** `basepin serve`: registry webhooks in, propagations out. */
export { gitHubActionsDispatcher, kubernetesDispatcher } from './dispatch.js';
export { jsonLogger } from './log.js';
export { startService } from './service.js';
export { checkJobTemplate } from './kubernetes-job.js';
