const { a } = require('./a.js');
export function c() { return a; }
