export * from './paper/index.js';
