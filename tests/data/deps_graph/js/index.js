import { a } from './src/a';
a();
