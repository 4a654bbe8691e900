import { log } from "@util";
export const run = () => log("run");
