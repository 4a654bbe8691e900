import { run } from "@core/engine";
export const log = (s: string) => run;
