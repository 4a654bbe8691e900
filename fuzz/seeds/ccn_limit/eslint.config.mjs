export default [{ rules: { complexity: ["warn", 7] } }];
