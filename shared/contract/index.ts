export * from './errors.js';
export * from './operations.js';
export * from './schemas.js';
export * from './client.js';
