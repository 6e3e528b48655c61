export * from './field.js';
export * from './message.js';
export * from './time.js';
export * from './utf8.js';
export * from './uuid.js';
