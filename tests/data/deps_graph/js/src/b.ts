export { c as b } from './c';
