export * from "./feature/a";
export const x = 1;
