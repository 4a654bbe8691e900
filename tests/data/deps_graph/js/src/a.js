import { b } from './b';
import _ from 'lodash';
export const a = () => b();
