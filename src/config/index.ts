/** The configuration file: its types, loading and validation. */
export type { Config, RegistryConfig } from './types.js';
export { ConfigError, loadConfig, parseConfigYaml } from './load.js';
export { parseTimeout } from './validate.js';
