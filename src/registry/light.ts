/** The registry's error type, for modules on light paths (`basepin ls`, the error map) that must not load undici. */

export { RegistryError, type RegistryErrorReason } from './errors.js';
